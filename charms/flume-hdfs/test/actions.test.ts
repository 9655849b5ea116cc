// The actions: start-flume, stop-flume, restart-flume, metrics and smoke-test.
import type { MetricsDocument } from '@flume-charms/juju-sim';
import { SINK_METRICS } from './support/fake-metrics';
import { APP, configure, deploySink, runningSink, SERVICE, UNIT, workload, track } from './support/scenario';

describe('start-flume, stop-flume, restart-flume', () => {
  it('stop keeps Flume stopped across hooks until start; restart restarts', async () => {
    const model = track(await runningSink());
    const stop = await model.runAction(UNIT, 'stop-flume');
    expect(stop).toMatchObject({ status: 'completed', results: { result: 'stopped' } });
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'inactive', enabled: false });
    expect(workload(model)).toEqual({ status: 'blocked', message: 'Flume stopped by the stop-flume action; run start-flume' });

    // Neither a config change nor update-status starts it behind the operator's back.
    await configure(model, { roll_interval: 600 });
    model.updateStatus(APP);
    await model.settle();
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('inactive');

    const start = await model.runAction(UNIT, 'start-flume');
    expect(start).toMatchObject({ status: 'completed', results: { result: 'started' } });
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
    expect(model.unitFile(UNIT, '/etc/flume/flume-hdfs/flume.conf')).toContain('hdfs.rollInterval = 600');
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });

    const restartsBefore = model.service(UNIT, SERVICE)?.restarts ?? 0;
    const restart = await model.runAction(UNIT, 'restart-flume');
    expect(restart).toMatchObject({ status: 'completed', results: { result: 'restarted' } });
    expect(model.service(UNIT, SERVICE)?.restarts).toBe(restartsBefore + 1);
  });

  it('start-flume fails with a reason before Flume has anything to run', async () => {
    const model = track(await deploySink());
    const result = await model.runAction(UNIT, 'start-flume');
    expect(result.status).toBe('failed');
    expect(result.message).toContain('nowhere to write');
    expect(model.unitStatus(UNIT).error).toBeUndefined();
  });
});

describe('metrics and smoke-test', () => {
  it('metrics: the current counters as results; smoke-test passes with source, channel and sink present', async () => {
    const model = track(await runningSink());
    let document = SINK_METRICS;
    model.setMetrics(UNIT, () => document); // what Flume reports on the unit's metrics port

    const metrics = await model.runAction(UNIT, 'metrics');
    expect(metrics.status).toBe('completed');
    expect(metrics.results).toMatchObject({
      'source-r1-events-received': '42',
      'channel-c1-size': '2',
      'channel-c1-events-taken': '40',
      'sink-k1-events-drained': '40',
    });

    const smoke = await model.runAction(UNIT, 'smoke-test');
    expect(smoke).toMatchObject({ status: 'completed', results: { result: 'passed', source: 'r1', channel: 'c1', sink: 'k1' } });

    // A sink that Flume dropped (e.g. a bad config) is missing from the metrics: the smoke test fails.
    const { 'SINK.k1': _dropped, ...withoutSink } = document;
    document = withoutSink;
    const failed = await model.runAction(UNIT, 'smoke-test');
    expect(failed.status).toBe('failed');
    expect(failed.message).toContain('no metrics for the sink');
  });

  it('update-status warns once when the channel is filling up, and again only when that changes', async () => {
    const model = track(await runningSink());
    let document: MetricsDocument = { ...SINK_METRICS, 'CHANNEL.c1': { ...SINK_METRICS['CHANNEL.c1']!, ChannelFillPercentage: '91.7' } };
    model.setMetrics(UNIT, () => document);
    const warnings = (): string[] => model.logs.filter((l) => l.unit === UNIT && l.level === 'WARNING').map((l) => l.message);
    for (let i = 0; i < 2; i += 1) {
      model.updateStatus(APP);
      await model.settle();
    }
    expect(warnings()).toEqual(['channel filling up (the sink is not draining it fast enough): c1 91%']);
    document = { ...SINK_METRICS, 'CHANNEL.c1': { ...SINK_METRICS['CHANNEL.c1']!, ChannelSize: '0', ChannelFillPercentage: '0.0' } }; // drained
    model.updateStatus(APP);
    await model.settle();
    expect(warnings()).toHaveLength(1);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });

  it('metrics fails with a clear message when Flume does not answer', async () => {
    const model = track(await runningSink({ metrics_port: 34999 }));
    model.setMetrics(UNIT, 'silent'); // nothing listens on the metrics port
    const result = await model.runAction(UNIT, 'metrics');
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/Flume metrics unreachable on 127\.0\.0\.1:34999/);
  });
});
