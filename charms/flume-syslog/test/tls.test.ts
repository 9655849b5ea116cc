// TLS sinks on the simulator (issue 16): a fake-remote sink publishes tls-ca; the agent builds a truststore per
// CA bundle with the real keytool, renders ssl + truststore on that sink only, follows CA changes with one
// restart, goes back to plaintext when the key goes, and leaves out a sink whose tls-ca is invalid.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkFlumeConfig, parseProperties } from '@flume-charms/flume';
import type { MetricsDocument, Model } from '@flume-charms/juju-sim';
import { AGENT_NAME } from '../src/render';
import { ready, tlsHandshakeFails } from '../src/statuses';
import { AGENT, SERVICE, SINK_BAG, UNIT, deployAgent, deployRemote, flumeConf, relateSink, setRemoteData, workload } from './support/scenario';

const TLS_DIR = '/etc/flume/flume-syslog/tls';
const work = mkdtempSync(path.join(tmpdir(), 'flume-syslog-tls-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let serial = 0;
function ca(name: string): string {
  serial += 1;
  return execFileSync('openssl', [
    'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(work, `${serial}.key`),
    '-config', '/dev/null', '-subj', `/CN=${name}`, '-days', '2', '-addext', 'basicConstraints=critical,CA:TRUE',
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
const idOf = (bundle: string): string => createHash('sha256').update(bundle).digest('hex');

function props(text: string): Map<string, string> {
  return new Map(parseProperties(text).entries.map((e) => [e.key, e.value]));
}

/** The TLS keys of one sink in flume.conf (ssl, truststore, truststore-password, truststore-type), present ones only. */
function tlsKeys(model: Model, sink: string): Record<string, string> {
  const p = props(flumeConf(model));
  const keys = ['ssl', 'truststore', 'truststore-password', 'truststore-type', 'trust-all-certs'];
  return Object.fromEntries(keys.flatMap((key) => (p.has(`a1.sinks.${sink}.${key}`) ? [[key, p.get(`a1.sinks.${sink}.${key}`) as string]] : [])));
}

function truststores(model: Model): string[] {
  const dir = model.unitPath(UNIT, TLS_DIR);
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('truststore-')).sort() : [];
}

function expectChecked(model: Model): void {
  expect(checkFlumeConfig(flumeConf(model), AGENT_NAME).errors).toEqual([]);
}

const restarts = (model: Model): number => model.service(UNIT, SERVICE)?.restarts ?? 0;

describe('flume-syslog: TLS sinks (flume-agent tls-ca)', () => {
  let model: Model;
  afterEach(async () => model?.destroy());
  const first = ca('sink CA');
  const second = ca('renewed CA');

  test('a TLS sink: its own truststore (trusted entries, root:flume 0640), ssl on that sink only; a CA change restarts once; removal goes plaintext', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', { ...SINK_BAG, 'tls-ca': first });
    await deployRemote(model, 'plain-sink', SINK_BAG); // a Python-style sink without the key
    relateSink(model, 'flume-hdfs');
    relateSink(model, 'plain-sink');
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: ready(2, 0) });
    expectChecked(model);

    const store = `${TLS_DIR}/truststore-${idOf(first)}.p12`;
    const tls = tlsKeys(model, 'sink-flume-hdfs-0');
    expect(tls).toEqual({ ssl: 'true', truststore: store, 'truststore-password': expect.stringMatching(/^[0-9a-f]{64}$/), 'truststore-type': 'PKCS12' });
    expect(tlsKeys(model, 'sink-plain-sink-0')).toEqual({});
    expect(truststores(model)).toEqual([path.basename(store)]);
    const real = model.unitPath(UNIT, store);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    const listing = execFileSync('keytool', ['-list', '-keystore', real, '-storetype', 'PKCS12', '-storepass:env', 'PW'], {
      encoding: 'utf8',
      env: { ...process.env, PW: tls['truststore-password'] },
    });
    expect(listing).toMatch(/ca-1,.*trustedCertEntry/);
    // The password is in flume.conf (root:flume 0640) and its own file, never in a hook tool's argv (juju-log, status-set...).
    expect(model.toolCalls.filter((call) => call.unit === UNIT && call.tool === 'status-set').length).toBeGreaterThan(0);
    expect(JSON.stringify(model.toolCalls)).not.toContain(tls['truststore-password']);

    // The sink's CA changes: a new store, the old one removed, Flume restarted once.
    const before = restarts(model);
    setRemoteData(model, 'flume-hdfs', { ...SINK_BAG, 'tls-ca': second });
    await model.settle();
    expect(tlsKeys(model, 'sink-flume-hdfs-0').truststore).toBe(`${TLS_DIR}/truststore-${idOf(second)}.p12`);
    expect(truststores(model)).toEqual([`truststore-${idOf(second)}.p12`]);
    expect(restarts(model)).toBe(before + 1);
    expectChecked(model);

    // Nothing changed: no restart, the store stays.
    const steady = restarts(model);
    model.updateStatus(AGENT);
    await model.settle();
    expect(restarts(model)).toBe(steady);

    // tls-ca removed ("" deletes it): plaintext again, the store goes.
    setRemoteData(model, 'flume-hdfs', { ...SINK_BAG, 'tls-ca': '' });
    await model.settle();
    expect(tlsKeys(model, 'sink-flume-hdfs-0')).toEqual({});
    expect(truststores(model)).toEqual([]);
    expect(workload(model)).toEqual({ status: 'active', message: ready(2, 0) });
    expectChecked(model);
  });

  test('an invalid tls-ca: the only sink blocks with the reason and nothing is rendered for it; beside a valid sink it is left out', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', { ...SINK_BAG, 'tls-ca': `${first}agent.sinks = evil\n` });
    relateSink(model, 'flume-hdfs');
    await model.settle();
    expect(workload(model)).toEqual({
      status: 'blocked',
      message: 'Invalid data from flume-hdfs/0: tls-ca: has text outside the PEM blocks: "agent.sinks = evil"',
    });
    expect(truststores(model)).toEqual([]);

    await deployRemote(model, 'good-sink', { ...SINK_BAG, 'tls-ca': first });
    relateSink(model, 'good-sink');
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
    const p = props(flumeConf(model));
    expect(p.get('a1.sinks')).toBe('sink-good-sink-0');
    expect(tlsKeys(model, 'sink-good-sink-0').ssl).toBe('true');
    expectChecked(model);
  });
});

/** The agent's Flume as the metrics show it: `backlog` events in chan-main, and each sink's counters. */
function agentMetrics(backlog: number, sinks: Readonly<Record<string, { drained: number; failed: number }>>): MetricsDocument {
  const document: MetricsDocument = {
    'SOURCE.syslog': { Type: 'SOURCE', EventReceivedCount: '100', EventAcceptedCount: '100' },
    'CHANNEL.chan-main': { Type: 'CHANNEL', ChannelSize: String(backlog), ChannelCapacity: '100000', ChannelFillPercentage: '0.0' },
  };
  for (const [name, c] of Object.entries(sinks)) {
    // A failed handshake counts as a failed write, not a failed connection (docs/tls.md, Metrics).
    document[`SINK.${name}`] = { Type: 'SINK', EventDrainSuccessCount: String(c.drained), ConnectionFailedCount: '0', EventWriteFail: String(c.failed), ChannelReadFail: '0' };
  }
  return document;
}

/** Flume's log lines of a failed delivery to `sink` (docs/tls.md A1 + root cause), as real Flume 1.11 writes them. */
function failedDelivery(sink: string, host: string, rootCause: string): string[] {
  return [
    `2026-12-03 16:13:29,990 INFO  [SinkRunner-PollingRunner-LoadBalancingSinkProcessor] (org.apache.flume.sink.AbstractRpcSink.createConnection:211) Rpc sink ${sink}: Building RpcClient with hostname: ${host}, port: 4141`,
    '2026-12-03 16:13:30,363 WARN  [SinkRunner-PollingRunner-LoadBalancingSinkProcessor] (org.apache.flume.sink.LoadBalancingSinkProcessor.process:160) Sink failed to consume event. Attempting next sink if available.',
    'org.apache.flume.EventDeliveryException: Failed to send events',
    '\tat org.apache.flume.sink.AbstractRpcSink.process(AbstractRpcSink.java:398)',
    `Caused by: org.apache.flume.EventDeliveryException: NettyAvroRpcClient { host: ${host}, port: 4141 }: Failed to send batch`,
    `Caused by: ${rootCause}`,
  ];
}

function writeFlumeLog(model: Model, lines: readonly string[]): void {
  const log = model.unitPath(UNIT, '/var/log/flume/flume-syslog/flume.log');
  mkdirSync(path.dirname(log), { recursive: true });
  writeFileSync(log, `${lines.join('\n')}\n`);
}

const hostOf = (model: Model, sink: string): string => props(flumeConf(model)).get(`a1.sinks.${sink}.hostname`) ?? '';

describe('flume-syslog: a TLS sink whose handshake fails is named, with why', () => {
  let model: Model;
  afterEach(async () => model?.destroy());
  const sinkCa = ca('sink CA');

  async function updateStatus(): Promise<void> {
    model.updateStatus(AGENT);
    await model.settle();
  }

  test('the only sink, its certificate not trusted: blocked "TLS handshake with flume-hdfs/0 fails: certificate not trusted"', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', { ...SINK_BAG, 'tls-ca': sinkCa });
    relateSink(model, 'flume-hdfs');
    await model.settle();
    writeFlumeLog(model, failedDelivery('sink-flume-hdfs-0', hostOf(model, 'sink-flume-hdfs-0'), 'javax.net.ssl.SSLHandshakeException: No trusted certificate found'));
    model.setMetrics(UNIT, agentMetrics(20, { 'sink-flume-hdfs-0': { drained: 0, failed: 4 } }));
    await updateStatus();
    expect(workload(model)).toEqual({ status: 'blocked', message: tlsHandshakeFails(['flume-hdfs/0'], 'certificate not trusted') });
    expect(workload(model).message).toBe('TLS handshake with flume-hdfs/0 fails: certificate not trusted');
  });

  test('a TLS sink failing beside one that delivers: active, Ready (1/2 sinks delivering) and which unit fails why', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', { ...SINK_BAG, 'tls-ca': sinkCa });
    await deployRemote(model, 'plain-sink', SINK_BAG);
    relateSink(model, 'flume-hdfs');
    relateSink(model, 'plain-sink');
    await model.settle();
    // Closed on two attempts in a row: a plaintext source (once would be a restart of the sink).
    const closed = failedDelivery('sink-flume-hdfs-0', hostOf(model, 'sink-flume-hdfs-0'), 'java.io.IOException: NettyTransceiver closed');
    writeFlumeLog(model, [...closed, ...closed]);
    let document = agentMetrics(0, { 'sink-flume-hdfs-0': { drained: 0, failed: 2 }, 'sink-plain-sink-0': { drained: 50, failed: 0 } });
    model.setMetrics(UNIT, () => document);
    await updateStatus();
    document = agentMetrics(0, { 'sink-flume-hdfs-0': { drained: 0, failed: 6 }, 'sink-plain-sink-0': { drained: 150, failed: 0 } });
    await updateStatus();
    expect(workload(model)).toEqual({
      status: 'active',
      message: 'Ready (1/2 sinks delivering); TLS handshake with flume-hdfs/0 fails: the sink closed the connection (does it speak plaintext?)',
    });
  });

  test('a plaintext sink refusing connections is not called a TLS failure', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', SINK_BAG);
    relateSink(model, 'flume-hdfs');
    await model.settle();
    writeFlumeLog(model, failedDelivery('sink-flume-hdfs-0', hostOf(model, 'sink-flume-hdfs-0'), 'java.io.IOException: NettyTransceiver closed'));
    model.setMetrics(UNIT, agentMetrics(20, { 'sink-flume-hdfs-0': { drained: 0, failed: 4 } }));
    await updateStatus();
    expect(workload(model).status).toBe('waiting');
    expect(workload(model).message).not.toContain('TLS');
  });
});
