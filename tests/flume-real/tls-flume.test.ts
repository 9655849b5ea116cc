// docs/tls.md, proved with real Flume 1.11 (no charms): two hand-written agents on 127.0.0.1, the charms' log
// layout. One server agent (TLS and plaintext Avro sources, a TLS Thrift source, one with a wrong keystore
// password) and one client agent whose sinks each try one case. Each claim of docs/tls.md that the charms
// rely on is an assertion here: deliveries counted by line, metrics, and the log lines the charms match.
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'node:tls';
import { extractFlume, startAgent, type FlumeHome, type RunningAgent } from '../bench/data-plane/flume-process';
import { findRealFlumeSync } from '../support/real-flume';
import {
  issueServerCertificate, keytoolTruststore, makeCa, opensslCertOnlyStore, pkcs12Keystore, storeEntryCount, type Pem,
} from '../support/tls-material';
import { waitUntil } from '../support/wait-for';
import { freePort } from '../support/free-port';

const flume = findRealFlumeSync();
const TIMEOUT_MS = 240_000;
const KEYSTORE_PASSWORD = 'ks-pass-1';
const TRUSTSTORE_PASSWORD = 'ts-pass-1';

// The regexes of docs/tls.md (labels as there). L = date, time, level.
const L = String.raw`^\S+ \S+ (?:WARN|ERROR|INFO)\s+`;
const LINE = new RegExp(`${L}\\[([^\\]]+)\\] \\(([^)]*)\\) (.*)$`);
const S1_HEADER = new RegExp(String.raw`${L}\[(nioEventLoopGroup-\d+-\d+)\] \(org\.apache\.avro\.ipc\.netty\.NettyServer\$NettyServerAvroHandler\.exceptionCaught:\d+\) Unexpected exception from downstream\.$`);
const S1_PEER = new RegExp(String.raw`${L}\[(nioEventLoopGroup-\d+-\d+)\] \(org\.apache\.avro\.ipc\.netty\.NettyServer\$NettyServerAvroHandler\.channelInactive:\d+\) Connection to /([0-9A-Fa-f.:]+):(\d+) disconnected\.$`);
const S2 = /^io\.netty\.handler\.codec\.DecoderException: io\.netty\.handler\.ssl\.NotSslRecordException: not an SSL\/TLS record/;
const S3 = /^io\.netty\.handler\.codec\.DecoderException: javax\.net\.ssl\.SSLHandshakeException: Received fatal alert: (\w+)/;
const S4 = /^io\.netty\.handler\.codec\.DecoderException: (?:java\.lang\.IllegalArgumentException: Illegal Capacity: -\d+|org\.apache\.avro\.AvroRuntimeException: Excessively large list allocation request detected)/;
const S5_REMOVED = new RegExp(String.raw`${L}\[main\] \(org\.apache\.flume\.node\.AbstractConfigurationProvider\.loadSources:\d+\) Source (\S+) has been removed due to an error during configuration$`);
const S5_WHY = /^org\.apache\.flume\.FlumeException: Source (\S+) configured with invalid keystore: (.+)$/;
const S5_PASSWORD = /^Caused by: java\.io\.IOException: keystore password was incorrect$/;
const A0 = new RegExp(String.raw`${L}\[avro \d+\] \(org\.apache\.flume\.api\.NettyAvroRpcClient\.createSSLEngine:\d+\) SSLEngine protocols enabled: \[(.*)\]$`);
const A1 = new RegExp(String.raw`${L}\[SinkRunner-PollingRunner-\w+\] \((?:org\.apache\.flume\.SinkRunner\$PollingRunner\.run|org\.apache\.flume\.sink\.(?:LoadBalancing|Failover)SinkProcessor\.process):\d+\) (?:Unable to deliver event\. Exception follows\.|Sink failed to consume event\. Attempting next sink if available\.|Sink (\S+) failed and has been sent to failover list)$`);
const A_TARGET = /NettyAvroRpcClient \{ host: ([^,]+), port: (\d+) \}/;
const A2 = /^Caused by: (?:javax\.net\.ssl\.SSLHandshakeException|sun\.security\.validator\.ValidatorException): No trusted certificate found$/;
const A4 = /^Caused by: java\.io\.IOException: NettyTransceiver closed$/;
const A5 = new RegExp(String.raw`${L}\[avro \d+\] \(org\.apache\.flume\.api\.NettyAvroRpcClient\.createSSLEngine:\d+\) Cannot create SSL channel$`);
const THRIFT_SERVER_PLAINTEXT = /^org\.apache\.thrift\.transport\.TTransportException: javax\.net\.ssl\.SSLException: Unsupported or unrecognized SSL message$/;

type Metrics = Record<string, Record<string, string>>;

/** One client sink per case: its sink properties (besides channel), and how many events its seq source makes. */
interface ClientCase {
  readonly type: 'avro' | 'thrift';
  readonly port: () => number;
  readonly tls?: { readonly truststore: () => string };
  readonly events: number;
}

const describeIfFlume = flume.ok ? describe : describe.skip;
if (!flume.ok) console.warn(`tls-flume tests skipped: ${flume.reason}`);

describeIfFlume(`real Flume 1.11: TLS on the Avro and Thrift hop, as docs/tls.md says${flume.ok ? '' : ` (skipped: ${flume.reason})`}`, () => {
  let work = '';
  let home: FlumeHome | undefined;
  const agents: RunningAgent[] = [];
  const ports = { avroTls: 0, avroPlain: 0, thriftTls: 0, avroBadPassword: 0, serverMetrics: 0, clientMetrics: 0 };
  const pems: Record<string, Pem> = {};
  const stores = { avroKeystore: '', thriftKeystore: '', trustBoth: '', trustCa2: '', trustOpenssl: '' };
  let server: RunningAgent | undefined;
  let client: RunningAgent | undefined;

  const cases: Record<string, ClientCase> = {
    kGood: { type: 'avro', port: () => ports.avroTls, tls: { truststore: () => stores.trustBoth }, events: 1000 },
    kThrift: { type: 'thrift', port: () => ports.thriftTls, tls: { truststore: () => stores.trustBoth }, events: 1000 },
    kPlain: { type: 'avro', port: () => ports.avroTls, events: 100 },
    kWrongCa: { type: 'avro', port: () => ports.avroTls, tls: { truststore: () => stores.trustCa2 }, events: 100 },
    kOpensslTrust: { type: 'avro', port: () => ports.avroTls, tls: { truststore: () => stores.trustOpenssl }, events: 100 },
    kTlsToPlain: { type: 'avro', port: () => ports.avroPlain, tls: { truststore: () => stores.trustBoth }, events: 100 },
    kThriftPlain: { type: 'thrift', port: () => ports.thriftTls, events: 100 },
    kMissingTrust: { type: 'avro', port: () => ports.avroTls, tls: { truststore: () => join(work, 'no-such-truststore.p12') }, events: 100 },
  };

  beforeAll(async () => {
    if (!flume.ok) return;
    work = await mkdtemp(join(tmpdir(), 'tls-flume-'));
    for (const key of Object.keys(ports) as Array<keyof typeof ports>) ports[key] = await freePort();
    pems.ca1 = await makeCa(work, 'ca1');
    pems.ca2 = await makeCa(work, 'ca2');
    // SANs that do not name 127.0.0.1, where the client connects: Flume's clients do not check them.
    pems.server = await issueServerCertificate(pems.ca1, work, 'server', { commonName: 'flume-hdfs-0', sanIps: ['198.18.255.254'], sanDns: ['sink.invalid'] });
    stores.avroKeystore = await pkcs12Keystore(join(work, 'avro-keystore.p12'), pems.server, [pems.ca1], KEYSTORE_PASSWORD);
    stores.thriftKeystore = await pkcs12Keystore(join(work, 'thrift-keystore.p12'), pems.server, [pems.ca1], KEYSTORE_PASSWORD);
    // ca1 second: a truststore holding only a bundle's first certificate would fail.
    stores.trustBoth = await keytoolTruststore(join(work, 'trust-both.p12'), [pems.ca2, pems.ca1], TRUSTSTORE_PASSWORD);
    stores.trustCa2 = await keytoolTruststore(join(work, 'trust-ca2.p12'), [pems.ca2], TRUSTSTORE_PASSWORD);
    stores.trustOpenssl = await opensslCertOnlyStore(join(work, 'trust-openssl.p12'), pems.ca1, TRUSTSTORE_PASSWORD);

    home = await extractFlume(flume.tarball);
    const log4j2 = await charmLog4j2();
    for (const dir of ['avro', 'thrift', 'plain']) await mkdir(join(home.workDir, 'server', 'data', dir), { recursive: true });
    server = await startAgent(home, { name: 'server', agentName: 's', conf: serverConf(), heap: '128m', metricsPort: ports.serverMetrics, log4j2 });
    agents.push(server);
    await waitUntil(() => metrics(ports.serverMetrics), (m) => ['SOURCE.avroTls', 'SOURCE.avroPlain', 'SOURCE.thriftTls'].every((k) => k in m),
      { timeoutMs: TIMEOUT_MS, intervalMs: 500, what: 'the server agent to start its sources' });
    client = await startAgent(home, { name: 'client', agentName: 'c', conf: clientConf(), heap: '128m', metricsPort: ports.clientMetrics, log4j2 });
    agents.push(client);
    // Until the good sinks drained everything and each failing sink failed at least twice (two log blocks).
    await waitUntil(() => metrics(ports.clientMetrics), (m) =>
      sinkCounter(m, 'kGood', 'EventDrainSuccessCount') >= 1000 && sinkCounter(m, 'kThrift', 'EventDrainSuccessCount') >= 1000 &&
      ['kPlain', 'kWrongCa', 'kOpensslTrust', 'kTlsToPlain', 'kThriftPlain', 'kMissingTrust'].every((k) => sinkCounter(m, k, 'EventWriteFail') >= 2),
    { timeoutMs: TIMEOUT_MS, intervalMs: 1000, what: 'the client sinks to deliver or fail twice' });
  }, TIMEOUT_MS + 60_000);

  afterAll(async () => {
    for (const agent of agents) await agent.stop();
    await home?.cleanup();
    if (work !== '') await rm(work, { recursive: true, force: true });
  }, 60_000);

  test('stores: keytool imports every certificate given one by one; an OpenSSL cert-only PKCS#12 has no entry for Java', async () => {
    expect(await storeEntryCount(stores.trustBoth, TRUSTSTORE_PASSWORD)).toBe(2);
    expect(await storeEntryCount(stores.trustOpenssl, TRUSTSTORE_PASSWORD)).toBe(0);
  });

  test('1000/1000 over TLS, Avro and Thrift, although the certificate names neither 127.0.0.1 nor localhost', async () => {
    const avro = await linesIn(join(home!.workDir, 'server', 'data', 'avro'));
    const thrift = await linesIn(join(home!.workDir, 'server', 'data', 'thrift'));
    const expected = Array.from({ length: 1000 }, (_, i) => String(i));
    for (const [name, lines] of [['avro', avro], ['thrift', thrift]] as const) {
      const distinct = new Set(lines);
      console.log(`TLS ${name}: delivered=${distinct.size} lost=${expected.filter((e) => !distinct.has(e)).length} duplicated=${lines.length - distinct.size}`);
      expect([...distinct].sort((a, b) => Number(a) - Number(b))).toEqual(expected);
      expect(lines.length).toBe(1000);
    }
    // The sources really are TLS: a TLS client trusting ca1 gets the server certificate.
    expect((await peerIssuer(ports.avroTls)).issuer).toBe('ca1');
    expect((await peerIssuer(ports.thriftTls)).issuer).toBe('ca1');
  }, TIMEOUT_MS);

  test('metrics: the source counts only what arrived; a failed handshake moves the client sink\'s counters, never the source\'s', async () => {
    const server = await metrics(ports.serverMetrics);
    expect(server['SOURCE.avroTls']?.EventAcceptedCount).toBe('1000');
    expect(server['SOURCE.avroPlain']?.EventAcceptedCount).toBe('0');
    expect(server['SOURCE.avroBadPassword']).toBeUndefined(); // S5: removed, not in the metrics
    const client = await metrics(ports.clientMetrics);
    for (const sink of ['kPlain', 'kWrongCa', 'kOpensslTrust', 'kTlsToPlain', 'kThriftPlain']) {
      const c = (key: string): number => sinkCounter(client, sink, key);
      expect([sink, c('EventDrainSuccessCount'), c('ConnectionFailedCount')]).toEqual([sink, 0, 0]);
      expect([sink, c('ConnectionCreatedCount') >= 1, c('EventWriteFail') >= 2]).toEqual([sink, true, true]);
    }
    const missing = (key: string): number => sinkCounter(client, 'kMissingTrust', key);
    expect([missing('ConnectionCreatedCount'), missing('EventDrainSuccessCount'), missing('ConnectionFailedCount') >= 1]).toEqual([0, 0, true]);
  }, TIMEOUT_MS);

  test('sink side log: a plaintext client (S2) and a client that does not trust us (S3), each with its peer on the same thread (S1); TLS to a plaintext source (S4); a bad keystore (S5)', async () => {
    const lines = (await readFile(server!.logFile, 'utf8')).split('\n');
    const failures = handshakeFailures(lines);
    expect(failures.some((f) => S2.test(f.exception) && f.peer === '127.0.0.1')).toBe(true);
    expect(failures.some((f) => S3.exec(f.exception)?.[1] === 'certificate_unknown' && f.peer === '127.0.0.1')).toBe(true);
    expect(failures.some((f) => S4.test(f.exception))).toBe(true);
    // Every TLS failure (S2, S3) has its peer; S4's connection may stay open (the TLS client waits for an answer).
    const tlsFailures = failures.filter((f) => S2.test(f.exception) || S3.test(f.exception));
    expect(tlsFailures.filter((f) => f.peer === undefined).map((f) => f.exception.slice(0, 160))).toEqual([]);
    const removed = lines.findIndex((l) => S5_REMOVED.exec(l)?.[1] === 'avroBadPassword');
    expect(removed).toBeGreaterThanOrEqual(0);
    expect(S5_WHY.exec(lines[removed + 1] ?? '')?.slice(1)).toEqual(['avroBadPassword', stores.avroKeystore]);
    expect(lines.slice(removed + 1, removed + 80).some((l) => S5_PASSWORD.test(l))).toBe(true);
    expect(lines.some((l) => THRIFT_SERVER_PLAINTEXT.test(l))).toBe(true);
  }, TIMEOUT_MS);

  test('agent side log: TLS on (A0); failed deliveries name the target port, root cause untrusted (A2) or closed (A4); an unreadable truststore (A5)', async () => {
    const lines = (await readFile(client!.logFile, 'utf8')).split('\n');
    expect(lines.some((l) => A0.exec(l)?.[1]?.includes('TLSv1.3'))).toBe(true);
    const blocks = deliveryFailures(lines);
    const has = (port: number, cause: RegExp): boolean => blocks.some((b) => b.port === port && cause.test(b.rootCause));
    expect({ untrusted: has(ports.avroTls, A2), plaintextToTls: has(ports.avroTls, A4), tlsToPlaintext: has(ports.avroPlain, A4) })
      .toEqual({ untrusted: true, plaintextToTls: true, tlsToPlaintext: true });
    expect(blocks.filter((b) => b.port !== undefined).every((b) => b.host === 'localhost' || b.host === '127.0.0.1')).toBe(true);
    const a5 = lines.findIndex((l) => A5.test(l));
    expect(lines[a5 + 1]).toBe(`java.io.FileNotFoundException: ${cases.kMissingTrust!.tls!.truststore()} (No such file or directory)`);
  }, TIMEOUT_MS);

  test('a replaced keystore: the Avro source serves it to the next connection without a restart, the Thrift source does not', async () => {
    const renewed = await issueServerCertificate(pems.ca2!, work, 'server-ca2', { commonName: 'flume-hdfs-0', keyPath: pems.server!.keyPath, sanDns: ['sink.invalid'] });
    for (const store of [stores.avroKeystore, stores.thriftKeystore]) {
      const next = await pkcs12Keystore(`${store}.new`, renewed, [pems.ca2!], KEYSTORE_PASSWORD);
      await rename(next, store); // atomically, as the charm writes it
    }
    expect((await peerIssuer(ports.avroTls)).issuer).toBe('ca2');
    expect((await peerIssuer(ports.thriftTls)).issuer).toBe('ca1');
    // The client that trusts only ca2 now gets through with its 100 events, and nothing else changed.
    const after = await waitUntil(() => metrics(ports.clientMetrics), (m) => sinkCounter(m, 'kWrongCa', 'EventDrainSuccessCount') >= 100,
      { timeoutMs: TIMEOUT_MS, intervalMs: 1000, what: 'kWrongCa to deliver once the source serves a ca2 certificate' });
    expect(sinkCounter(after, 'kWrongCa', 'EventDrainSuccessCount')).toBe(100);
    expect(sinkCounter(after, 'kOpensslTrust', 'EventDrainSuccessCount')).toBe(0);
  }, TIMEOUT_MS);

  function serverConf(): string {
    const data = '@DATA@';
    const sources: Array<[string, string, number, string, string | undefined, string]> = [
      // name, type, port, channel, keystore, keystore password
      ['avroTls', 'avro', ports.avroTls, 'cAvro', stores.avroKeystore, KEYSTORE_PASSWORD],
      ['avroPlain', 'avro', ports.avroPlain, 'cPlain', undefined, ''],
      ['thriftTls', 'thrift', ports.thriftTls, 'cThrift', stores.thriftKeystore, KEYSTORE_PASSWORD],
      ['avroBadPassword', 'avro', ports.avroBadPassword, 'cPlain', stores.avroKeystore, 'not-the-password'],
    ];
    const lines = [
      `s.sources = ${sources.map((s) => s[0]).join(' ')}`, 's.channels = cAvro cThrift cPlain', 's.sinks = kAvro kThrift kPlain',
    ];
    for (const [name, type, port, channel, keystore, password] of sources) {
      lines.push(`s.sources.${name}.type = ${type}`, `s.sources.${name}.bind = 127.0.0.1`, `s.sources.${name}.port = ${port}`, `s.sources.${name}.channels = ${channel}`);
      if (keystore !== undefined) {
        lines.push(`s.sources.${name}.ssl = true`, `s.sources.${name}.keystore = ${keystore}`, `s.sources.${name}.keystore-password = ${password}`, `s.sources.${name}.keystore-type = PKCS12`);
      }
    }
    for (const [sink, channel, dir] of [['kAvro', 'cAvro', 'avro'], ['kThrift', 'cThrift', 'thrift'], ['kPlain', 'cPlain', 'plain']]) {
      lines.push(`s.channels.${channel}.type = memory`, `s.channels.${channel}.capacity = 10000`, `s.channels.${channel}.transactionCapacity = 1000`,
        `s.sinks.${sink}.type = file_roll`, `s.sinks.${sink}.channel = ${channel}`, `s.sinks.${sink}.sink.directory = ${data}/${dir}`, `s.sinks.${sink}.sink.rollInterval = 0`);
    }
    return `${lines.join('\n')}\n`;
  }

  function clientConf(): string {
    const names = Object.keys(cases);
    const lines = [`c.sources = ${names.map((n) => `seq_${n}`).join(' ')}`, `c.channels = ${names.map((n) => `ch_${n}`).join(' ')}`, `c.sinks = ${names.join(' ')}`];
    for (const [name, spec] of Object.entries(cases)) {
      lines.push(`c.sources.seq_${name}.type = seq`, `c.sources.seq_${name}.totalEvents = ${spec.events}`, `c.sources.seq_${name}.batchSize = 100`,
        `c.sources.seq_${name}.channels = ch_${name}`,
        `c.channels.ch_${name}.type = memory`, `c.channels.ch_${name}.capacity = 10000`, `c.channels.ch_${name}.transactionCapacity = 1000`,
        `c.sinks.${name}.type = ${spec.type}`, `c.sinks.${name}.channel = ch_${name}`, `c.sinks.${name}.hostname = 127.0.0.1`,
        `c.sinks.${name}.port = ${spec.port()}`, `c.sinks.${name}.batch-size = 100`);
      if (spec.tls) {
        lines.push(`c.sinks.${name}.ssl = true`, `c.sinks.${name}.truststore = ${spec.tls.truststore()}`,
          `c.sinks.${name}.truststore-password = ${TRUSTSTORE_PASSWORD}`, `c.sinks.${name}.truststore-type = PKCS12`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
});

/** The charms' log4j2.xml (flume-hdfs's template: the layout docs/tls.md's regexes are written for). */
async function charmLog4j2(): Promise<string> {
  const template = await readFile(resolve(__dirname, '../../charms/flume-hdfs/templates/log4j2.xml.hbs'), 'utf8');
  const text = template.replaceAll('{{logFile}}', '@LOG_DIR@/flume.log').replaceAll('{{logDir}}', '@LOG_DIR@').replaceAll('{{app}}', 'tls-flume');
  if (text.includes('{{')) throw new Error('the charm log4j2.xml template has placeholders this test does not fill');
  return text;
}

/** S1 blocks: the header's exception line and the peer its thread logs next. */
function handshakeFailures(lines: readonly string[]): Array<{ exception: string; peer: string | undefined }> {
  const found: Array<{ exception: string; peer: string | undefined }> = [];
  lines.forEach((line, index) => {
    const header = S1_HEADER.exec(line);
    if (!header) return;
    const peerLine = lines.slice(index + 1).map((l) => S1_PEER.exec(l)).find((m) => m?.[1] === header[1]);
    found.push({ exception: lines[index + 1] ?? '', peer: peerLine?.[2] });
  });
  return found;
}

/** A1 blocks: the target (host, port) and the last Caused-by line. */
function deliveryFailures(lines: readonly string[]): Array<{ host: string | undefined; port: number | undefined; rootCause: string }> {
  const found: Array<{ host: string | undefined; port: number | undefined; rootCause: string }> = [];
  lines.forEach((line, index) => {
    if (!A1.test(line)) return;
    const end = lines.findIndex((l, i) => i > index && LINE.test(l));
    const block = lines.slice(index + 1, end === -1 ? undefined : end);
    const target = block.map((l) => A_TARGET.exec(l)).find((m) => m !== null);
    found.push({ host: target?.[1], port: target ? Number(target[2]) : undefined, rootCause: block.filter((l) => l.startsWith('Caused by:')).at(-1) ?? '' });
  });
  return found;
}

async function metrics(port: number): Promise<Metrics> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`metrics on ${port}: HTTP ${response.status}`);
  return (await response.json()) as Metrics;
}

function sinkCounter(m: Metrics, sink: string, key: string): number {
  return Number(m[`SINK.${sink}`]?.[key] ?? Number.NaN);
}

async function linesIn(dir: string): Promise<string[]> {
  const files = await readdir(dir);
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  return texts.join('').split('\n').filter((l) => l !== '');
}

/** The issuer CN of the certificate a TLS server presents (no verification: only to see which one). */
function peerIssuer(port: number): Promise<{ issuer: string }> {
  return new Promise((resolvePeer, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const issuer = socket.getPeerCertificate().issuer?.CN;
      socket.destroy();
      resolvePeer({ issuer: Array.isArray(issuer) ? issuer.join(',') : String(issuer) });
    });
    socket.once('error', reject);
  });
}
