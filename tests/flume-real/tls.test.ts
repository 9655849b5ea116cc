// TLS on the Avro hop with real Flume and the charms: flume-hdfs gets its certificate from juju-sim's
// tls-certificates provider test charm (an openssl CA), flume-syslog trusts the CA the sink publishes in
// `tls-ca`. Every syslog line is counted by id. docs/tls.md has the Flume-level facts these cases rely on.
import { chmod, chown, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type PeerCertificate } from 'node:tls';
import { tlsCertificatesProviderCharm } from '@flume-charms/juju-sim';
import { parseProperties } from '@flume-charms/flume';
import { extractFlume, startAgent, type FlumeHome, type RunningAgent } from '../bench/data-plane/flume-process';
import { eventBatch, formatCount, freePort, readFlumeFigures, sendSyslog, SyslogStream, uniqueSeed, waitFor, waitUntil } from '../support';
import { SINK_APP, type RealDeployment } from '../support/real-deployment';
import { issueServerCertificate, makeCa, pkcs12Keystore, storeEntryCount } from '../support/tls-material';
import { describeWithRealFlume, realFlume, REAL_TEST_TIMEOUT_MS, useRealDeployment } from './real-suite';

const AGENT = 'flume-syslog';
const PROVIDER = 'tls-provider';
const SINK = `${SINK_APP}/0`;
const AGENT_UNIT = `${AGENT}/0`;
const SINK_PORT = 4141;
const LINES_AROUND = 400;

describeWithRealFlume('real Flume: TLS on the Avro hop, certificates from a tls-certificates provider', () => {
  const world = useRealDeployment({ name: 'real-tls', sink: { units: 1 }, agents: { [AGENT]: { source_type: 'syslogtcp' } } });
  let providerCa = '';
  let scratch = '';

  beforeAll(async () => {
    if (!realFlume.ok) return;
    scratch = await mkdtemp(join(tmpdir(), 'real-tls-'));
    const deployment = world();
    await deployment.model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER, units: 1 });
    deployment.model.relate(`${SINK_APP}:certificates`, `${PROVIDER}:certificates`);
    await deployment.settle();
    const ca = await deployment.model.runAction(`${PROVIDER}/0`, 'get-ca');
    providerCa = String(ca.results['ca-chain'] ?? ca.results['ca-certificate'] ?? '');
    // The sink serves a certificate of the provider's CA, and the agent's sink uses TLS (its flume.conf).
    await waitFor(async () => (await servedCertificate(deployment, providerCa).catch(() => undefined)) !== undefined,
      { timeoutMs: 180_000, intervalMs: 1000, what: `${SINK} to serve a certificate of ${PROVIDER}'s CA` });
    await deployment.waitReady();
  }, REAL_TEST_TIMEOUT_MS);

  afterAll(async () => {
    if (scratch !== '') await rm(scratch, { recursive: true, force: true });
  });

  test('1000/1000 lines over TLS; the sink\'s source speaks TLS only, with a certificate naming its address', async () => {
    const deployment = world();
    const sinkConf = properties(deployment, SINK);
    expect([sinkConf.get(`${agentOf(sinkConf)}.sources.r1.ssl`), sinkConf.get(`${agentOf(sinkConf)}.sources.r1.keystore-type`)]).toEqual(['true', 'PKCS12']);
    const agentSinks = avroSinks(properties(deployment, AGENT_UNIT));
    expect(agentSinks.map((s) => [s.ssl, s.trustAll, s.truststoreType, s.truststore !== undefined])).toEqual([['true', undefined, 'PKCS12', true]]);
    // Node checks the chain against the provider's CA and that the certificate names the unit's address.
    const served = await servedCertificate(deployment, providerCa);
    expect(served.subjectaltname).toContain(`IP Address:${deployment.model.unitAddress(SINK)}`);

    const batch = eventBatch(uniqueSeed('tls'), 1000);
    const sent = await sendSyslog(deployment.syslogTarget(AGENT), batch.ids);
    expect(sent.error).toBeUndefined();
    const count = await deployment.waitDelivered(batch.ids);
    console.log(formatCount('TLS 1000 lines', count));
    if (count.lost > 0) console.log(await deployment.describeAll());
    expect({ delivered: count.delivered, lost: count.lost, duplicated: count.duplicated }).toEqual({ delivered: 1000, lost: 0, duplicated: 0 });
    for (const unit of [SINK, AGENT_UNIT]) {
      const status = await deployment.statusAfterUpdate(unit);
      expect([unit, status.status, status.message]).toEqual([unit, 'active', expect.stringMatching(/^Ready/)]);
    }
  }, REAL_TEST_TIMEOUT_MS);

  test('a certificate renewal (renew-all) mid-stream: the sink serves the new certificate, nothing is lost', async () => {
    const deployment = world();
    const before = await servedCertificate(deployment, providerCa);
    const starts = deployment.serviceStarts(SINK);
    const stream = SyslogStream.start(deployment.syslogTarget(AGENT), { seed: uniqueSeed('tls-renew') });
    await waitFor(() => stream.sentCount >= LINES_AROUND, { timeoutMs: 120_000, what: `${LINES_AROUND} lines sent` });
    const renewed = await deployment.model.runAction(`${PROVIDER}/0`, 'renew-all');
    expect(renewed.status).toBe('completed');
    await deployment.settle();
    const after = await waitUntil(() => servedCertificate(deployment, providerCa), (c) => c.serialNumber !== before.serialNumber,
      { timeoutMs: 120_000, intervalMs: 1000, what: `${SINK} to serve the renewed certificate` });
    const mark = stream.sentCount;
    await waitFor(() => stream.sentCount >= mark + LINES_AROUND, { timeoutMs: 120_000, what: 'more lines after the renewal' });
    const result = await stream.stop();
    const unconfirmed = new Set(result.unconfirmed);
    const count = await deployment.waitDelivered(result.sent.filter((id) => !unconfirmed.has(id)));
    const restarts = deployment.serviceStarts(SINK) - starts;
    console.log(`${formatCount('TLS renewal mid-stream', count)}; unconfirmed=${result.unconfirmed.length}; sink restarts=${restarts}; serial ${before.serialNumber} -> ${after.serialNumber}`);
    if (count.lost > 0) console.log(await deployment.describeAll());
    expect({ lost: count.lost, lostSample: count.lostSample }).toEqual({ lost: 0, lostSample: [] });
    // The Avro source loads the keystore per connection: no restart, so nothing is sent twice either.
    expect({ restarts, duplicated: count.duplicated }).toEqual({ restarts: 0, duplicated: 0 });
  }, REAL_TEST_TIMEOUT_MS);

  test('a plaintext Avro agent (a hand-made Flume without ssl) delivers nothing, and the sink says why', async () => {
    const deployment = world();
    const flume = await extractFlume(realFlume.ok ? realFlume.tarball : '');
    let client: RunningAgent | undefined;
    try {
      const metricsPort = await freePort();
      const logged = handshakeFailuresLogged(deployment);
      client = await startAgent(flume, { name: 'plaintext-agent', agentName: 'p', heap: '96m', metricsPort, conf: plaintextAgentConf(deployment.model.unitAddress(SINK)) });
      // The Python original's wire: Avro without TLS. It keeps retrying; nothing gets through.
      const figures = await waitUntil(() => readFlumeFigures('127.0.0.1', metricsPort), (f) => (f.raw.sinks[0]?.eventsDrained ?? -1) === 0 && f.channelSize === 100,
        { timeoutMs: 120_000, intervalMs: 1000, what: 'the plaintext agent to hold its 100 events' });
      await waitFor(() => handshakeFailuresLogged(deployment) >= logged + 2, { timeoutMs: 120_000, intervalMs: 1000, what: `${SINK} to log two failed handshakes` });
      expect(figures.drained).toBe(0);
    } finally {
      await client?.stop();
      await flume.cleanup();
    }
    const status = await deployment.statusAfterUpdate(SINK);
    console.log(`${SINK} after a plaintext agent: ${status.status} "${status.message}"`);
    expect(status.status).toBe('active');
    expect(status.message).toMatch(/^Ready; \d+ TLS handshakes? failed since .+\(.*TLS.*\)/);
  }, REAL_TEST_TIMEOUT_MS);

  test('the sink serves a certificate of a CA the agent was not told about: the agent delivers nothing and says why; trusted again, everything arrives', async () => {
    const deployment = world();
    const conf = properties(deployment, SINK);
    const agent = agentOf(conf);
    const keystore = conf.get(`${agent}.sources.r1.keystore`) ?? '';
    const password = conf.get(`${agent}.sources.r1.keystore-password`) ?? '';
    expect(keystore).not.toBe('');
    // As after a CA rotation the agent has not seen yet: the same sink, another CA's certificate.
    const foreign = await makeCa(scratch, 'foreign-ca');
    const cert = await issueServerCertificate(foreign, scratch, 'foreign-sink', { commonName: 'flume-hdfs-0', sanIps: [deployment.model.unitAddress(SINK)] });
    const hostPath = deployment.model.unitPath(SINK, keystore);
    const original = `${hostPath}.test-original`;
    const owner = await stat(hostPath);
    await rename(hostPath, original);
    const swapped = await pkcs12Keystore(`${hostPath}.test-new`, cert, [foreign], password);
    await chown(swapped, owner.uid, owner.gid);
    await chmod(swapped, owner.mode & 0o777); // openssl writes a store with a key 0600; Flume reads it as group flume
    await rename(swapped, hostPath);
    expect(await storeEntryCount(hostPath, password)).toBe(1);
    const batch = eventBatch(uniqueSeed('tls-foreign'), 200);
    const untrustedBefore = untrustedHandshakesLogged(deployment);
    try {
      // Open connections keep their session: the sink's restart makes the agent connect again.
      await deployment.killFlume(SINK);
      await deployment.waitReady().catch(async (error: unknown) => {
        const log = deployment.model.unitFile(SINK, `/var/log/flume/${SINK_APP}/flume.log`).split('\n');
        const at = log.findIndex((l) => l.includes('invalid keystore'));
        console.log(`${await deployment.describeAll()}\n${log.slice(at, at + 12).join('\n')}`);
        throw error;
      });
      const sent = await sendSyslog(deployment.syslogTarget(AGENT), batch.ids);
      expect(sent.error).toBeUndefined();
      await waitFor(async () => (await deployment.figures(AGENT_UNIT)).channelSize >= 200,
        { timeoutMs: 120_000, intervalMs: 1000, what: 'the agent to hold the 200 lines' });
      // The agent tried the new certificate (its last failure before was the sink's kill closing the connection).
      await waitFor(() => untrustedHandshakesLogged(deployment) > untrustedBefore,
        { timeoutMs: 120_000, intervalMs: 1000, what: `${SINK} to log a client that does not trust it` });
      expect((await deployment.count(batch.ids)).delivered).toBe(0);
      const status = await deployment.statusAfterUpdate(AGENT_UNIT);
      console.log(`${AGENT_UNIT} with an untrusted sink certificate: ${status.status} "${status.message}"`);
      expect(status.status).not.toBe('active');
      expect(status.message).toMatch(new RegExp(`${SINK.replace('/', '\\/')}.*trust|trust.*${SINK.replace('/', '\\/')}`, 'i'));
    } finally {
      await rename(original, hostPath);
    }
    // Trusted again. Flume's Avro source reads its keystore for each new connection (docs/tls.md), but the agent's
    // connection keeps failing its old session: the sink's restart makes it connect again.
    await deployment.killFlume(SINK);
    await deployment.waitReady();
    const count = await deployment.waitDelivered(batch.ids);
    console.log(formatCount('TLS untrusted, then trusted again', count));
    expect({ delivered: count.delivered, lost: count.lost }).toEqual({ delivered: 200, lost: 0 });
    const status = await deployment.statusAfterUpdate(AGENT_UNIT);
    expect([status.status, status.message]).toEqual(['active', expect.stringMatching(/^Ready/)]);
  }, REAL_TEST_TIMEOUT_MS);
});

/** The sink unit's certificate as a client that trusts only `ca` sees it (Node also checks its address). */
function servedCertificate(deployment: RealDeployment, ca: string): Promise<PeerCertificate> {
  const host = deployment.model.unitAddress(SINK);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: SINK_PORT, ca, timeout: 5000 }, () => {
      const certificate = socket.getPeerCertificate();
      socket.destroy();
      resolve(certificate);
    });
    socket.once('timeout', () => socket.destroy(new Error(`TLS to ${host}:${SINK_PORT} timed out`)));
    socket.once('error', reject);
  });
}

function properties(deployment: RealDeployment, unit: string): Map<string, string> {
  const app = unit.split('/')[0]!;
  const text = deployment.model.unitFile(unit, `/etc/flume/${app}/flume.conf`);
  return new Map(parseProperties(text).entries.map((e) => [e.key, e.value] as const));
}

function agentOf(props: ReadonlyMap<string, string>): string {
  const key = [...props.keys()].find((k) => /^[^.]+\.sources$/.test(k));
  return key?.split('.')[0] ?? '';
}

function avroSinks(props: ReadonlyMap<string, string>): Array<Record<'ssl' | 'trustAll' | 'truststore' | 'truststoreType', string | undefined>> {
  const agent = agentOf(props);
  const names = (props.get(`${agent}.sinks`) ?? '').split(/\s+/).filter((n) => n !== '');
  return names.filter((n) => props.get(`${agent}.sinks.${n}.type`) === 'avro').map((n) => ({
    ssl: props.get(`${agent}.sinks.${n}.ssl`),
    trustAll: props.get(`${agent}.sinks.${n}.trust-all-certs`),
    truststore: props.get(`${agent}.sinks.${n}.truststore`),
    truststoreType: props.get(`${agent}.sinks.${n}.truststore-type`),
  }));
}

/** How many S1 headers (docs/tls.md) the sink's Flume log holds. */
function handshakeFailuresLogged(deployment: RealDeployment): number {
  const log = deployment.model.unitFile(SINK, `/var/log/flume/${SINK_APP}/flume.log`);
  return log.split('\n').filter((l) => l.includes('NettyServerAvroHandler.exceptionCaught') && l.includes('Unexpected exception from downstream.')).length;
}

/** How many times the sink's Flume logged a client rejecting its certificate (S3 of docs/tls.md). */
function untrustedHandshakesLogged(deployment: RealDeployment): number {
  const log = deployment.model.unitFile(SINK, `/var/log/flume/${SINK_APP}/flume.log`);
  return log.split('\n').filter((l) => /^io\.netty\.handler\.codec\.DecoderException: javax\.net\.ssl\.SSLHandshakeException: Received fatal alert: certificate_unknown/.test(l)).length;
}

function plaintextAgentConf(sinkAddress: string): string {
  return [
    'p.sources = s', 'p.channels = c', 'p.sinks = k',
    'p.sources.s.type = seq', 'p.sources.s.totalEvents = 100', 'p.sources.s.channels = c',
    'p.channels.c.type = memory', 'p.channels.c.capacity = 1000', 'p.channels.c.transactionCapacity = 100',
    'p.sinks.k.type = avro', 'p.sinks.k.channel = c', `p.sinks.k.hostname = ${sinkAddress}`, `p.sinks.k.port = ${SINK_PORT}`, 'p.sinks.k.batch-size = 100', '',
  ].join('\n');
}
