// The actions on the real bundle: start/stop/restart-flume against the fake systemd, metrics and smoke-test
// against a stand-in Flume (a syslog listener on 127.0.0.1 that counts lines, its metrics fed to the simulator).
import type { Model } from '@flume-charms/juju-sim';
import { STOPPED_BY_ACTION, ready } from '../src/statuses';
import { startFakeFlume, type FakeFlume } from './support/fake-flume';
import { activeAgent, AGENT, deployAgent, SERVICE, UNIT, workload } from './support/scenario';

describe('flume-syslog actions', () => {
  let model: Model | undefined;
  let fake: FakeFlume | undefined;
  afterEach(async () => {
    await model?.destroy();
    await fake?.close();
    model = undefined;
    fake = undefined;
  });

  test('stop-flume stops and keeps Flume stopped; start-flume starts it again', async () => {
    model = await activeAgent();
    const stopped = await model.runAction(UNIT, 'stop-flume');
    expect(stopped.status).toBe('completed');
    expect(model.service(UNIT, SERVICE)?.activeState).not.toBe('active');
    expect(workload(model)).toEqual({ status: 'blocked', message: STOPPED_BY_ACTION });
    // A later change must not start it behind the operator's back.
    model.config(AGENT, { batch_size: 500 });
    await model.settle();
    expect(model.service(UNIT, SERVICE)?.activeState).not.toBe('active');
    expect(workload(model)).toEqual({ status: 'blocked', message: STOPPED_BY_ACTION });

    const started = await model.runAction(UNIT, 'start-flume');
    expect(started.status).toBe('completed');
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
  });

  test('restart-flume restarts once', async () => {
    model = await activeAgent();
    const before = model.service(UNIT, SERVICE)?.restarts ?? 0;
    const result = await model.runAction(UNIT, 'restart-flume');
    expect(result).toMatchObject({ status: 'completed', results: { result: 'restarted' } });
    expect(model.service(UNIT, SERVICE)?.restarts).toBe(before + 1);
  });

  test('start-flume before any sink fails with a reason', async () => {
    ({ model } = await deployAgent());
    const result = await model.runAction(UNIT, 'start-flume');
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/relate a Flume sink/);
  });

  test('metrics reports the counters of the source, channel and sinks', async () => {
    fake = await startFakeFlume('udp');
    model = await activeAgent({ metrics_port: fake.metricsPort });
    model.setMetrics(UNIT, fake.document);
    const result = await model.runAction(UNIT, 'metrics');
    expect(result.status).toBe('completed');
    expect(result.results).toMatchObject({
      'source-syslog-events-received': '0',
      'channel-chan-main-capacity': '100000',
      'sink-sink-flume-hdfs-0-events-drained': '0',
    });
  });

  test('metrics fails when Flume does not answer', async () => {
    model = await activeAgent({ metrics_port: 34999 });
    model.setMetrics(UNIT, 'silent'); // nothing answers on the metrics port
    const result = await model.runAction(UNIT, 'metrics');
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/unreachable/);
  });

  for (const sourceType of ['syslogudp', 'syslogtcp'] as const) {
    test(`smoke-test sends one line over ${sourceType} and sees the counter move`, async () => {
      const protocol = sourceType === 'syslogudp' ? 'udp' : 'tcp';
      fake = await startFakeFlume(protocol);
      model = await activeAgent({ source_type: sourceType, source_port: String(fake.sourcePort), metrics_port: fake.metricsPort });
      model.setMetrics(UNIT, fake.document);
      const result = await model.runAction(UNIT, 'smoke-test');
      expect(result.status).toBe('completed');
      expect(result.results).toMatchObject({
        passed: 'true',
        'events-before': '0',
        'events-after': '1',
        target: `127.0.0.1:${fake.sourcePort}/${protocol}`,
      });
      expect(fake.lines).toHaveLength(1);
      expect(fake.lines[0]).toMatch(/^<14>\w{3} [ \d]\d \d\d:\d\d:\d\d localhost flume-smoke-test: smoke test flume-syslog\/0$/);
    });
  }

  test('smoke-test fails when the source does not count the line', async () => {
    fake = await startFakeFlume('udp', { countLines: false });
    model = await activeAgent({ source_port: String(fake.sourcePort), metrics_port: fake.metricsPort });
    model.setMetrics(UNIT, fake.document);
    const result = await model.runAction(UNIT, 'smoke-test');
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/did not count the test line \(EventReceivedCount stayed 0/);
    expect(fake.lines).toHaveLength(1);
  });

  test('update-status warns once when the channel is filling up', async () => {
    fake = await startFakeFlume('udp', { fillPercentage: 93.5 });
    model = await activeAgent({ metrics_port: fake.metricsPort });
    model.setMetrics(UNIT, fake.document);
    model.updateStatus(AGENT);
    await model.settle();
    model.updateStatus(AGENT);
    await model.settle();
    const warnings = model.logs.filter((l) => l.unit === UNIT && l.level === 'WARNING').map((l) => l.message);
    expect(warnings).toEqual(['channel filling up (no sink draining fast enough?): chan-main 93%']);
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
  });
});
