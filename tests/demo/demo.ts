// `make demo`: the pair of charms, packed as .charm files, deployed into the embedded Juju model.
// 1. deploy flume-hdfs (sink_type=file) and flume-syslog (twice: its default syslogudp, and syslogtcp);
// 2. relate them, scale the sink to 2 units, settle;
// 3. print the status table, the relation data and the rendered flume.conf files, checked;
// 4. with real Flume (FLUME_TARBALL, or the fixture beside the project, plus Java and juju-sim's real
//    machines): send syslog lines over TCP and paced UDP and print, per sink unit, how many arrived, and every
//    unit's Flume metrics. Without it, the flume resource is a stand-in and no JVM runs; the last line says
//    how to get the real run.
// 5. with real Flume, the TLS variant: a tls-certificates provider (juju-sim's test charm, an openssl CA) related
//    to flume-hdfs; the sinks serve its certificates, the agents trust the CA they publish; 1000 lines over TCP
//    again, counted.
// It exits non-zero when a unit ends in error, a rendered config fails the checker, or a real event is lost.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unpackCharm } from '@flume-charms/charm-build';
import { checkFlumeConfig } from '@flume-charms/flume';
import { formatStatus, Model, tlsCertificatesProviderCharm } from '@flume-charms/juju-sim';
import {
  countDelivered, eventBatch, findRealFlume, formatFigures, HOW_TO_GET_REAL_FLUME, makeStandinFlumeTarball, readFlumeFigures,
  sendSyslog, STANDIN_NOTICE, tcpPortOpen, uniqueSeed, waitFor, waitUntil, type SyslogTarget,
} from '../support';
import { agentNameOf } from '../support/flume-conf';

const ROOT = resolve(__dirname, '../..');
const SINK = 'flume-hdfs';
const AGENT = 'flume-syslog';
const TCP_AGENT = 'flume-syslog-tcp';
const LINES = 1000;
const PROVIDER = 'tls-provider';
const PORTS = { sinkAvro: 4141, sinkMetrics: 34545, syslog: 514, agentMetrics: 34546 } as const;

function heading(text: string): void {
  console.log(`\n=== ${text} ${'='.repeat(Math.max(0, 72 - text.length))}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'flume-demo-'));
  const real = await findRealFlume({ machines: true });
  const model = await Model.create({ name: 'flume-demo', machines: real.ok ? 'real' : 'recording' });
  try {
    // Deploy from the packed archives, as `juju deploy ./NAME.charm` does.
    const charmDirs: Record<string, string> = {};
    for (const name of [SINK, AGENT]) {
      charmDirs[name] = join(work, name);
      await unpackCharm(join(ROOT, `${name}.charm`), charmDirs[name]!);
    }
    const tarball = real.ok ? real.tarball : await makeStandinFlumeTarball({ outDir: work });
    console.log(real.ok
      ? `flume resource: ${tarball} (real Apache Flume; each unit is a network namespace whose flume-APP service runs it)`
      : `flume resource: ${tarball}\n  (${STANDIN_NOTICE})`);

    heading('juju deploy ./flume-hdfs.charm --config sink_type=file; juju deploy ./flume-syslog.charm (UDP, and TCP)');
    await model.deploy(charmDirs[SINK]!, { name: SINK, units: 1, config: { sink_type: 'file' }, resources: { flume: tarball } });
    await model.deploy(charmDirs[AGENT]!, { name: AGENT, units: 1, resources: { flume: tarball } });
    await model.deploy(charmDirs[AGENT]!, { name: TCP_AGENT, units: 1, config: { source_type: 'syslogtcp' }, resources: { flume: tarball } });
    await model.settle();
    console.log(formatStatus(model.status()));

    heading('juju integrate flume-syslog[-tcp] flume-hdfs; juju add-unit flume-hdfs');
    const relationId = model.relate(`${AGENT}:flume-agent`, `${SINK}:flume-agent`);
    model.relate(`${TCP_AGENT}:flume-agent`, `${SINK}:flume-agent`);
    await model.settle();
    await model.addUnit(SINK);
    const settled = await model.settle();
    console.log(formatStatus(model.status()));

    heading(`relation ${relationId} (flume-agent) data`);
    const units = model.status().applications.flatMap((app) => app.units.map((unit) => unit.name));
    for (const unit of units.filter((u) => !u.startsWith(TCP_AGENT))) {
      console.log(`${unit}: ${JSON.stringify(model.relationData(relationId, unit))}`);
    }

    let allValid = true;
    for (const unit of [`${SINK}/0`, `${AGENT}/0`]) {
      const app = unit.split('/')[0]!;
      const path = `/etc/flume/${app}/flume.conf`;
      const text = model.unitFile(unit, path);
      const result = checkFlumeConfig(text, agentNameOf(text));
      allValid &&= result.ok;
      heading(`${unit}:${path}`);
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      console.log(
        result.ok
          ? `-> checker: valid (${agentNameOf(text)})`
          : `-> checker: INVALID\n${result.errors.map((e) => `   ${e.component}: ${e.message}`).join('\n')}`,
      );
    }

    const lost = real.ok ? await moveRealEvents(model) + await moveEventsOverTls(model) : 0;
    const errors = settled.errors.length;
    heading('result');
    console.log(`${model.hookRuns.length} hooks run, ${model.toolCalls.length} hook-tool calls, ${errors} units in error, ` +
      `configs ${allValid ? 'valid' : 'INVALID'}${real.ok ? `, ${lost} events lost` : ''}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(real.ok
      ? 'Real Apache Flume moved the events above, between units that each have their own network stack.'
      : `No JVM ran: the flume resource is a stand-in and systemctl only records (${real.reason}). For the real run, ${HOW_TO_GET_REAL_FLUME}.`);
    return errors === 0 && allValid && lost === 0 ? 0 : 1;
  } finally {
    await model.destroy();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Sends LINES over TCP and LINES over paced UDP, prints where they arrived and every unit's metrics. Returns how
 * many events Flume accepted but did not deliver (UDP datagrams that never reached Flume are shown, not counted).
 */
async function moveRealEvents(model: Model): Promise<number> {
  const sinkUnits = model.status().applications.find((a) => a.name === SINK)?.units.map((u) => u.name) ?? [];
  const agents = [`${AGENT}/0`, `${TCP_AGENT}/0`];
  heading('waiting for every Flume to listen');
  for (const unit of sinkUnits) await waitFor(() => tcpPortOpen(model.unitAddress(unit), PORTS.sinkAvro), { timeoutMs: 120_000, what: `${unit}'s avro source` });
  for (const unit of agents) {
    await waitFor(async () => (await readFlumeFigures(model.unitAddress(unit), PORTS.agentMetrics).catch(() => undefined))?.raw.sources.length === 1,
      { timeoutMs: 120_000, what: `${unit}'s syslog source` });
  }
  await waitFor(() => tcpPortOpen(model.unitAddress(`${TCP_AGENT}/0`), PORTS.syslog), { timeoutMs: 120_000, what: 'the TCP syslog port' });

  const tcp = eventBatch(uniqueSeed('demo_tcp'), LINES);
  const udp = eventBatch(uniqueSeed('demo_udp'), LINES);
  const target = (unit: string, transport: 'tcp' | 'udp'): SyslogTarget => ({ host: model.unitAddress(unit), port: PORTS.syslog, transport });
  heading(`sending ${LINES} syslog lines over TCP to ${TCP_AGENT}/0, then ${LINES} over UDP (10 every 100 ms) to ${AGENT}/0`);
  // One after the other: on 2 cores, a busy TCP agent would slow the UDP one below the pace, and the kernel
  // drops datagrams Flume has not read yet (UDP syslog has no retry).
  for (const [unit, transport, ids] of [[`${TCP_AGENT}/0`, 'tcp', tcp.ids], [`${AGENT}/0`, 'udp', udp.ids]] as const) {
    const result = await sendSyslog(target(unit, transport), ids);
    if (result.error) console.log(`send failed after ${result.sent.length} lines: ${result.error}`);
  }

  const sinkFiles = sinkUnits.map((unit) => ({ label: unit, dir: model.unitPath(unit, `/var/lib/flume/${SINK}/events`) }));
  const all = [...tcp.ids, ...udp.ids];
  let stalledSince = Date.now();
  let lastDelivered = -1;
  const count = await waitUntil(() => countDelivered(sinkFiles, all), (c) => {
    if (c.delivered !== lastDelivered) [lastDelivered, stalledSince] = [c.delivered, Date.now()];
    return c.lost === 0 || Date.now() - stalledSince > 20_000;
  }, { timeoutMs: 90_000, intervalMs: 500, what: 'the events in the sink files' });

  heading(`events in /var/lib/flume/${SINK}/events, per sink unit`);
  for (const [label, ids] of [['TCP', tcp.ids], ['UDP', udp.ids]] as const) {
    const c = await countDelivered(sinkFiles, ids);
    console.log(`${label}: ${ids.length} sent, delivered=${c.delivered} lost=${c.lost} duplicated=${c.duplicated} (${Object.entries(c.perSink).map(([u, n]) => `${u}: ${n}`).join(', ')})`);
  }
  heading('Flume metrics per unit (received, accepted, drained, channel fill)');
  let accepted = 0;
  for (const unit of [...agents, ...sinkUnits]) {
    const port = unit.startsWith(SINK) ? PORTS.sinkMetrics : PORTS.agentMetrics;
    const figures = await readFlumeFigures(model.unitAddress(unit), port).catch(() => undefined);
    if (figures && !unit.startsWith(SINK)) accepted += figures.accepted;
    console.log(`${unit.padEnd(20)} ${figures ? formatFigures(figures) : 'no metrics'}`);
  }
  const neverReachedFlume = all.length - accepted;
  if (neverReachedFlume > 0) console.log(`${neverReachedFlume} lines never reached Flume (UDP datagrams dropped by the kernel before Flume read them)`);
  return Math.max(0, accepted - count.delivered);
}

/**
 * The TLS variant: relates a tls-certificates provider to the sink, waits until every sink unit serves a
 * certificate of its CA and every agent is back after its restart with the truststore, sends LINES over TCP and
 * prints where they arrived. Returns the lines lost.
 */
async function moveEventsOverTls(model: Model): Promise<number> {
  const started = Date.now();
  heading(`TLS: juju deploy tls-certificates-provider (juju-sim's test charm) ${PROVIDER}; juju integrate ${SINK}:certificates ${PROVIDER}`);
  await model.deploy(tlsCertificatesProviderCharm(), { name: PROVIDER, units: 1 });
  model.relate(`${SINK}:certificates`, `${PROVIDER}:certificates`);
  const settled = await model.settle();
  if (settled.errors.length > 0) throw new Error(`TLS: hooks failed: ${JSON.stringify(settled.errors)}`);
  const ca = await model.runAction(`${PROVIDER}/0`, 'get-ca');
  const caChain = String(ca.results['ca-chain'] ?? ca.results['ca-certificate'] ?? '');
  const sinkUnits = model.status().applications.find((a) => a.name === SINK)?.units.map((u) => u.name) ?? [];
  for (const unit of sinkUnits) {
    await waitFor(() => servesCertificateOf(model.unitAddress(unit), caChain), { timeoutMs: 120_000, intervalMs: 1000, what: `${unit} to serve a certificate of ${PROVIDER}` });
  }
  await waitFor(() => tcpPortOpen(model.unitAddress(`${TCP_AGENT}/0`), PORTS.syslog), { timeoutMs: 120_000, what: 'the TCP syslog port' });
  console.log(formatStatus(model.status()));
  for (const unit of [`${SINK}/0`, `${TCP_AGENT}/0`]) {
    const app = unit.split('/')[0]!;
    // The TLS lines of flume.conf; never the passwords.
    const lines = model.unitFile(unit, `/etc/flume/${app}/flume.conf`).split('\n').filter((l) => /\.(ssl|keystore|keystore-type|truststore|truststore-type) = /.test(l));
    console.log(`${unit}: ${lines.length > 0 ? `\n  ${lines.join('\n  ')}` : 'no TLS lines'}`);
  }

  const batch = eventBatch(uniqueSeed('demo_tls'), LINES);
  heading(`TLS: sending ${LINES} syslog lines over TCP to ${TCP_AGENT}/0; the Avro hop to the sinks is TLS`);
  const sent = await sendSyslog({ host: model.unitAddress(`${TCP_AGENT}/0`), port: PORTS.syslog, transport: 'tcp' }, batch.ids);
  if (sent.error) console.log(`send failed after ${sent.sent.length} lines: ${sent.error}`);
  const sinkFiles = sinkUnits.map((unit) => ({ label: unit, dir: model.unitPath(unit, `/var/lib/flume/${SINK}/events`) }));
  let stalledSince = Date.now();
  let lastDelivered = -1;
  const count = await waitUntil(() => countDelivered(sinkFiles, batch.ids), (c) => {
    if (c.delivered !== lastDelivered) [lastDelivered, stalledSince] = [c.delivered, Date.now()];
    return c.lost === 0 || Date.now() - stalledSince > 20_000;
  }, { timeoutMs: 90_000, intervalMs: 500, what: 'the TLS events in the sink files' });
  console.log(`TLS: ${LINES} sent, delivered=${count.delivered} lost=${count.lost} duplicated=${count.duplicated} (${Object.entries(count.perSink).map(([u, n]) => `${u}: ${n}`).join(', ')}); the TLS variant took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return count.lost;
}

/** Whether a TLS client that trusts only `ca` completes a handshake with host:avro port (Node also checks the SAN). */
function servesCertificateOf(host: string, ca: string): Promise<boolean> {
  return new Promise((resolveServes) => {
    const socket = connect({ host, port: PORTS.sinkAvro, ca, timeout: 5000 }, () => {
      socket.destroy();
      resolveServes(true);
    });
    socket.once('timeout', () => socket.destroy());
    socket.once('error', () => resolveServes(false));
    socket.once('close', () => resolveServes(false));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
