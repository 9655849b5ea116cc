// Health comes from Flume (issue 13), a sink that stops serving withdraws (issue 14 item 7), removal leaves
// nothing running (item 5), a retried hook leaves no stale status or config (item 6). Recording mode: the
// simulator answers for Flume's metrics with what each test feeds it (model.setMetrics), and the Flume log is a
// file the test writes into the unit's root.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Model } from '@flume-charms/juju-sim';
import { failingSink, SINK_METRICS } from './support/fake-metrics';
import { APP, configure, deploySink, flumeConf, ports, relateAgent, relateHadoop, runningSink, SERVICE, track, UNIT, workload } from './support/scenario';

const AGENT_RELATION = `${APP}:flume-agent flume-syslog:flume-agent`;
const LOG = '/var/log/flume/flume-hdfs/flume.log';

function writeFlumeLog(model: Model, lines: readonly string[]): void {
  const file = model.unitPath(UNIT, LOG);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

async function updateStatus(model: Model): Promise<void> {
  model.updateStatus(APP);
  await model.settle();
}

const published = (model: Model): Record<string, string> => model.relationData(AGENT_RELATION, UNIT);

describe('health comes from Flume', () => {
  it('metrics not answering: maintenance "Starting Flume", never Ready; Ready once they answer', async () => {
    const model = track(await deploySink());
    await relateHadoop(model);
    model.setMetrics(UNIT, 'silent');
    await relateAgent(model);
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
    expect(workload(model)).toEqual({ status: 'maintenance', message: 'Starting Flume' });
    // Starting is not a reason to turn agents away.
    expect(published(model)).toMatchObject({ port: '4141', protocol: 'avro' });
    model.setMetrics(UNIT, SINK_METRICS);
    await updateStatus(model);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });

  it('a sink Flume dropped: blocked with its log line, the address withdrawn; back to Ready and published when Flume has it', async () => {
    const model = track(await runningSink());
    const { 'SINK.k1': _dropped, ...withoutSink } = SINK_METRICS;
    model.setMetrics(UNIT, withoutSink);
    writeFlumeLog(model, [
      '2026-12-03T13:21:57,983 INFO  [main] (org.apache.flume.node.AbstractConfigurationProvider.loadChannels:140) - Creating channels',
      '2026-12-03T13:21:57,983 ERROR [main] (org.apache.flume.node.AbstractConfigurationProvider.loadSinks:472) - Sink k1 has been removed due to an error during configuration',
      'java.lang.IllegalArgumentException: Directory may not be null',
      '\tat com.google.common.base.Preconditions.checkArgument(Preconditions.java:145) ~[guava-31.1-jre.jar:?]',
    ]);
    await updateStatus(model);
    expect(workload(model)).toEqual({
      status: 'blocked',
      message: 'Flume dropped sink k1: Sink k1 has been removed due to an error during configuration: java.lang.IllegalArgumentException: Directory may not be null',
    });
    expect(published(model).port).toBeUndefined();
    expect(published(model).protocol).toBeUndefined();

    model.setMetrics(UNIT, SINK_METRICS);
    await updateStatus(model);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    expect(published(model)).toMatchObject({ port: '4141', protocol: 'avro' });
  });

  it('sink_type=file that cannot write: blocked with the reason, withdrawn; recovery returns to Ready', async () => {
    const model = track(await runningSink({ sink_type: 'file' }));
    writeFlumeLog(model, [
      '2026-12-03T13:21:03,465 ERROR [SinkRunner-PollingRunner-DefaultSinkProcessor] (org.apache.flume.SinkRunner$PollingRunner.run:158) - Unable to deliver event. Exception follows.',
      'org.apache.flume.EventDeliveryException: Failed to open file /var/lib/flume/flume-hdfs/events/1796304047906-1 while delivering event',
      'Caused by: java.io.FileNotFoundException: /var/lib/flume/flume-hdfs/events/1796304047906-1 (Permission denied)',
    ]);
    let document = failingSink(3, 10);
    model.setMetrics(UNIT, () => document);
    await updateStatus(model);
    document = failingSink(9, 40); // failing again, and the backlog grows
    await updateStatus(model);
    expect(workload(model)).toEqual({
      status: 'blocked',
      message: 'Events not delivered: java.io.FileNotFoundException: /var/lib/flume/flume-hdfs/events/1796304047906-1 (Permission denied)',
    });
    expect(published(model).port).toBeUndefined();
    expect(ports(model)).toContain('4141/tcp'); // Flume still listens: what the agents sent before stays in its channel

    document = { ...failingSink(9, 0), 'SINK.k1': { ...SINK_METRICS['SINK.k1']!, ConnectionFailedCount: '9', EventDrainSuccessCount: '40' } };
    await updateStatus(model);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    expect(published(model)).toMatchObject({ port: '4141', protocol: 'avro' });
  });

  it('HDFS not taking events is the remote side: waiting, and agents keep sending into the durable channel', async () => {
    const model = track(await runningSink());
    let document = failingSink(2, 5);
    model.setMetrics(UNIT, () => document);
    await updateStatus(model);
    document = failingSink(6, 25);
    await updateStatus(model);
    expect(workload(model).status).toBe('waiting');
    expect(workload(model).message).toMatch(/^Events not delivered: sink k1 keeps failing/);
    expect(published(model)).toMatchObject({ port: '4141', protocol: 'avro' });
  });

  it('Flume not running: blocked, and the address is withdrawn until it runs again', async () => {
    const model = track(await runningSink());
    model.failService(UNIT, SERVICE, 'java.lang.OutOfMemoryError: Java heap space');
    await updateStatus(model);
    expect(workload(model).message).toMatch(/^Flume is not running: /);
    expect(published(model).port).toBeUndefined();
    model.clearServiceFault(UNIT, SERVICE);
    expect((await model.runAction(UNIT, 'restart-flume')).status).toBe('completed');
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    expect(published(model)).toMatchObject({ port: '4141', protocol: 'avro' });
  });
});

describe('stop-flume withdraws the sink (issue 14 item 7)', () => {
  it('stop-flume: port and protocol leave the databag; start-flume publishes them again', async () => {
    const model = track(await runningSink());
    expect((await model.runAction(UNIT, 'stop-flume')).status).toBe('completed');
    expect(published(model).port).toBeUndefined();
    expect(published(model).protocol).toBeUndefined();
    // A config change while stopped does not publish it again behind the operator's back.
    await configure(model, { source_port: 4545 });
    expect(published(model).port).toBeUndefined();
    expect((await model.runAction(UNIT, 'start-flume')).status).toBe('completed');
    await model.settle();
    expect(published(model)).toMatchObject({ port: '4545', protocol: 'avro' });
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });
});

describe('remove-unit (issue 14 item 5)', () => {
  it('the stop hook stops and disables Flume, removes its systemd unit (daemon-reload) and closes the port', async () => {
    // sink_type=file: no hadoop relation whose departure would stop Flume first, so the stop hook does it all.
    const model = track(await runningSink({ sink_type: 'file' }));
    expect(ports(model)).toEqual(['4141/tcp']);
    model.removeUnit(UNIT);
    await model.settle();
    const stop = model.hookRuns.find((r) => r.unit === UNIT && r.hook === 'stop');
    expect(stop?.ok).toBe(true);
    const calls = model.toolCalls.filter((c) => c.contextId === stop?.contextId).map((c) => [c.tool, ...c.args].join(' '));
    expect(calls).toEqual(expect.arrayContaining([`systemctl disable --now ${SERVICE}.service`, 'systemctl daemon-reload', 'close-port 4141/tcp']));
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'inactive', enabled: false, unitFileExists: false });
    // Nothing started it again afterwards (the remove hook included).
    const later = model.toolCalls.filter((c) => c.unit === UNIT && c.tool === 'systemctl' && /^(start|restart|enable)/.test(c.args[0] ?? ''));
    expect(later.filter((c) => model.hookRuns.find((r) => r.contextId === c.contextId)?.hook.match(/^(stop|remove)$/))).toEqual([]);
  });
});

describe('a retried hook with changed inputs (issue 14 item 6)', () => {
  it('config-changed batch_size=500 killed after the restart, config back to 1000, resolve: active, flume.conf with 1000', async () => {
    // Where the restart is: a clean config-changed of the same kind, one tool call at a time.
    const reference = track(await runningSink());
    const before = reference.toolCalls.length;
    await configure(reference, { batch_size: 500 });
    const run = reference.hookRuns.find((r) => r.unit === UNIT && r.hook === 'config-changed' && reference.toolCalls.indexOf(reference.toolCalls.find((c) => c.contextId === r.contextId)!) >= before);
    const calls = reference.toolCalls.filter((c) => c.contextId === run?.contextId);
    const restart = calls.findIndex((c) => c.tool === 'systemctl' && c.args[0] === 'restart');
    expect(restart).toBeGreaterThan(0);

    const model = track(await runningSink());
    // A restarted JVM does not answer its metrics at once: the health check then asks systemd, the call to kill
    // at (the simulator's stand-in answers as soon as the service is active, and nothing would follow the restart).
    model.setMetrics(UNIT, 'silent');
    model.faults.killHook(UNIT, { afterToolCalls: restart + 1, hook: 'config-changed' });
    await configure(model, { batch_size: 500 });
    expect(model.unitStatus(UNIT).error).toBe('config-changed');
    expect(flumeConf(model)).toContain('a1.sinks.k1.hdfs.batchSize = 500'); // written and applied before the kill
    model.setMetrics(UNIT, undefined);
    model.config(APP, { batch_size: 1000 });
    model.resolve(UNIT, { retry: true });
    await model.settle();
    expect(model.unitStatus(UNIT).error).toBeUndefined();
    expect(flumeConf(model)).toContain('a1.sinks.k1.hdfs.batchSize = 1000');
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });
});
