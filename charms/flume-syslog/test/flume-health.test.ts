// The agent's status comes from Flume (issue 13): how many sinks really deliver, and buffering when none does;
// a withdrawn sink (issue 14 item 7) leaves the agent buffering; removal leaves nothing running (item 5); a
// retried hook leaves no stale status or config (item 6). Recording mode: the simulator answers for Flume's
// metrics with what each test feeds it (model.setMetrics); the Flume log is a file written into the unit's root.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MetricsDocument, Model } from '@flume-charms/juju-sim';
import { BUFFERING, noSinkDelivering, ready } from '../src/statuses';
import { AGENT, deployAgent, deployRemote, flumeConf, ports, relateSink, SERVICE, SINK_BAG, setRemoteData, UNIT, workload } from './support/scenario';

const models: Model[] = [];
afterEach(async () => {
  for (const model of models.splice(0)) await model.destroy();
});

async function agentWithSinks(count: number): Promise<Model> {
  const { model } = await deployAgent();
  models.push(model);
  await deployRemote(model, 'flume-hdfs', SINK_BAG, count);
  relateSink(model, 'flume-hdfs');
  await model.settle();
  return model;
}

interface SinkCounters {
  readonly drained: number;
  readonly failed: number;
}

/** What the agent's Flume reports: the syslog source, the main channel with `backlog` events, and each sink. */
function agentMetrics(backlog: number, sinks: Readonly<Record<string, SinkCounters>>): MetricsDocument {
  const document: MetricsDocument = {
    'SOURCE.syslog': { Type: 'SOURCE', EventReceivedCount: '100', EventAcceptedCount: '100' },
    'CHANNEL.chan-main': { Type: 'CHANNEL', ChannelSize: String(backlog), ChannelCapacity: '100000', ChannelFillPercentage: '0.0' },
  };
  for (const [name, c] of Object.entries(sinks)) {
    document[`SINK.${name}`] = { Type: 'SINK', EventDrainSuccessCount: String(c.drained), ConnectionFailedCount: String(c.failed), EventWriteFail: '0', ChannelReadFail: '0' };
  }
  return document;
}

async function updateStatus(model: Model): Promise<void> {
  model.updateStatus(AGENT);
  await model.settle();
}

const REFUSED_LOG = [
  '2026-12-03T13:20:48,946 ERROR [SinkRunner-PollingRunner-LoadBalancingSinkProcessor] (org.apache.flume.SinkRunner$PollingRunner.run:158) - Unable to deliver event. Exception follows.',
  'org.apache.flume.EventDeliveryException: Failed to send events',
  'Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /SINK:4141',
];

describe('the agent reports what Flume delivers', () => {
  test('one of two sinks failing while the other drains: active, "Ready (1/2 sinks delivering)"', async () => {
    const model = await agentWithSinks(2);
    expect(workload(model)).toEqual({ status: 'active', message: ready(2, 0) });
    let document = agentMetrics(0, { 'sink-flume-hdfs-0': { drained: 50, failed: 0 }, 'sink-flume-hdfs-1': { drained: 0, failed: 2 } });
    model.setMetrics(UNIT, () => document);
    await updateStatus(model);
    document = agentMetrics(0, { 'sink-flume-hdfs-0': { drained: 150, failed: 0 }, 'sink-flume-hdfs-1': { drained: 0, failed: 7 } });
    await updateStatus(model);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready (1/2 sinks delivering)' });
    document = agentMetrics(0, { 'sink-flume-hdfs-0': { drained: 250, failed: 0 }, 'sink-flume-hdfs-1': { drained: 40, failed: 7 } });
    await updateStatus(model);
    expect(workload(model)).toEqual({ status: 'active', message: ready(2, 0) });
  });

  test('every sink failing while events wait: waiting, buffering, with the reason from the Flume log', async () => {
    const model = await agentWithSinks(1);
    const log = model.unitPath(UNIT, '/var/log/flume/flume-syslog/flume.log');
    mkdirSync(dirname(log), { recursive: true });
    // The log names the sink's address, which the simulator chose.
    const host = /a1\.sinks\.sink-flume-hdfs-0\.hostname = (\S+)/.exec(flumeConf(model))?.[1];
    writeFileSync(log, `${REFUSED_LOG.join('\n').replace('SINK', host ?? '')}\n`);
    model.setMetrics(UNIT, agentMetrics(20, { 'sink-flume-hdfs-0': { drained: 0, failed: 4 } }));
    await updateStatus(model);
    expect(workload(model)).toEqual({
      status: 'waiting',
      message: noSinkDelivering(`io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /${host}:4141`),
    });
  });

  test('a dropped component blocks with the log line; metrics silent after a start: Starting Flume, never Ready', async () => {
    const model = await agentWithSinks(1);
    model.setMetrics(UNIT, agentMetrics(0, {})); // the sink is missing
    // Without a log line about it, a missing component is still starting (Flume starts components asynchronously).
    await updateStatus(model);
    expect(workload(model)).toEqual({ status: 'maintenance', message: 'Starting Flume' });
    const log = model.unitPath(UNIT, '/var/log/flume/flume-syslog/flume.log');
    mkdirSync(dirname(log), { recursive: true });
    writeFileSync(
      log,
      '2026-12-03 13:50:36,004 ERROR [main] (org.apache.flume.node.AbstractConfigurationProvider.loadSinks:472) Sink sink-flume-hdfs-0 has been removed due to an error during configuration\n' +
        'java.lang.IllegalArgumentException: hostname must not be null\n',
    );
    await updateStatus(model);
    expect(workload(model).status).toBe('blocked');
    expect(workload(model).message).toBe(
      'Flume dropped sink sink-flume-hdfs-0: Sink sink-flume-hdfs-0 has been removed due to an error during configuration: java.lang.IllegalArgumentException: hostname must not be null',
    );
    model.setMetrics(UNIT, 'silent');
    expect((await model.runAction(UNIT, 'restart-flume')).status).toBe('completed');
    expect(workload(model)).toEqual({ status: 'maintenance', message: 'Starting Flume' });
  });
});

describe('a sink that withdraws its address (issue 14 item 7)', () => {
  test('the agent buffers, and is Ready again when the sink publishes again', async () => {
    const model = await agentWithSinks(1);
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
    setRemoteData(model, 'flume-hdfs', { ...SINK_BAG, port: '', protocol: '' }); // port and protocol withdrawn ("" deletes)
    await model.settle();
    expect(workload(model)).toEqual({ status: 'waiting', message: BUFFERING });
    expect(flumeConf(model)).not.toContain('a1.sinks =');
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active'); // the source keeps accepting into the channel
    setRemoteData(model, 'flume-hdfs', SINK_BAG);
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
  });
});

describe('remove-unit (issue 14 item 5)', () => {
  test('the stop hook stops and disables Flume, removes its systemd unit and closes the syslog port', async () => {
    const model = await agentWithSinks(1);
    expect(ports(model)).toEqual(['514/udp']);
    model.removeUnit(UNIT);
    await model.settle();
    const stop = model.hookRuns.find((r) => r.unit === UNIT && r.hook === 'stop');
    expect(stop?.ok).toBe(true);
    const calls = model.toolCalls.filter((c) => c.contextId === stop?.contextId).map((c) => [c.tool, ...c.args].join(' '));
    expect(calls).toEqual(expect.arrayContaining([`systemctl disable --now ${SERVICE}.service`, 'systemctl daemon-reload', 'close-port 514/udp']));
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'inactive', enabled: false, unitFileExists: false });
  });
});

describe('a retried hook with changed inputs (issue 14 item 6)', () => {
  test('config-changed batch_size=500 killed after the restart, config back to 1000, resolve: active, flume.conf with 1000', async () => {
    const reference = await agentWithSinks(1);
    const before = reference.hookRuns.length;
    reference.config(AGENT, { batch_size: 500 });
    await reference.settle();
    const run = reference.hookRuns.slice(before).find((r) => r.unit === UNIT && r.hook === 'config-changed');
    const calls = reference.toolCalls.filter((c) => c.contextId === run?.contextId);
    const restart = calls.findIndex((c) => c.tool === 'systemctl' && c.args[0] === 'restart');
    expect(restart).toBeGreaterThan(0);

    const model = await agentWithSinks(1);
    model.faults.killHook(UNIT, { afterToolCalls: restart + 1, hook: 'config-changed' });
    model.config(AGENT, { batch_size: 500 });
    await model.settle();
    expect(model.unitStatus(UNIT).error).toBe('config-changed');
    expect(flumeConf(model)).toContain('batch-size = 500');
    model.config(AGENT, { batch_size: 1000 });
    model.resolve(UNIT, { retry: true });
    await model.settle();
    expect(model.unitStatus(UNIT).error).toBeUndefined();
    expect(flumeConf(model)).toContain('batch-size = 1000');
    expect(flumeConf(model)).not.toContain('batch-size = 500');
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
  });
});
