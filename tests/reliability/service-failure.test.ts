// Issue 9, Flume failing to start or dying later: the next hook (update-status, or any other) shows it as
// blocked with the reason from the Flume log (or the journal), never as a silent "active".
import { writeFileSync } from 'node:fs';
import { Model } from '@flume-charms/juju-sim';
import { builtCharm, standinTarball } from './support/charms';
import { startPair, type Pair } from './support/pair';
import { HDFS, HDFS_UNIT, serviceName, SYSLOG, SYSLOG_UNIT, workload } from './support/scenarios';
import { SEED } from './support/seed';

const OOM = 'java.lang.OutOfMemoryError: Java heap space';

describe(`Flume dying while the charm believes it runs (seed ${SEED})`, () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(async () => {
    await pair?.model.destroy();
  });

  test('flume-hdfs: after a crash, update-status shows blocked with the reason from the Flume log', async () => {
    const { model } = pair;
    expect(workload(model, HDFS_UNIT).status).toBe('active');
    // What Flume itself would have logged before dying; the journal only has systemd's summary.
    writeFileSync(
      model.unitPath(HDFS_UNIT, '/var/log/flume/flume-hdfs/flume.log'),
      '2024-09-17 10:00:00,000 INFO node.Application: Starting Sink k1\n' +
        '2024-09-17 10:00:01,000 ERROR source.AvroSource: Avro source r1: Unable to bind to 0.0.0.0:4141: Address already in use\n',
    );
    model.failService(HDFS_UNIT, serviceName(HDFS), OOM);
    model.updateStatus(HDFS);
    await model.settle();
    const status = workload(model, HDFS_UNIT);
    expect(status.status).toBe('blocked');
    expect(status.message).toMatch(/^Flume is not running: /);
    expect(status.message).toContain('Address already in use');
    // A sink that is not running withdraws its address (issue 14 item 7): the agent buffers until it returns.
    expect(workload(model, SYSLOG_UNIT)).toEqual({ status: 'waiting', message: 'No Flume sink available; buffering events' });
    model.clearServiceFault(HDFS_UNIT, serviceName(HDFS));
    expect((await model.runAction(HDFS_UNIT, 'restart-flume')).status).toBe('completed');
    await model.settle();
    expect(workload(model, HDFS_UNIT).status).toBe('active');
  });

  test('flume-syslog: after a crash, the next hook of any kind (a config change) shows the reason from the journal', async () => {
    const { model } = pair;
    expect(workload(model, SYSLOG_UNIT).status).toBe('active');
    model.failService(SYSLOG_UNIT, serviceName(SYSLOG), OOM);
    model.config(SYSLOG, { keep_fields: 'hostname' });
    const result = await model.settle();
    expect(result.errors).toEqual([]);
    const status = workload(model, SYSLOG_UNIT);
    expect(status).toEqual({ status: 'blocked', message: expect.stringMatching(/^Flume is not running: .*OutOfMemoryError/) });
  });
});

describe(`Flume failing to start (seed ${SEED})`, () => {
  for (const app of [SYSLOG, HDFS] as const) {
    test(`${app}: a start that fails never shows active; the status says why, after the hooks Juju retries`, async () => {
      const model = await Model.create();
      try {
        const tarball = await standinTarball();
        await model.deploy(await builtCharm('flume-hdfs'), { name: HDFS, config: { sink_type: 'file' }, resources: { flume: tarball } });
        await model.deploy(await builtCharm('flume-syslog'), { name: SYSLOG, resources: { flume: tarball } });
        const unit = `${app}/0`;
        model.failService(unit, serviceName(app), 'Error: Could not find or load main class org.apache.flume.node.Application');
        model.relate(`${SYSLOG}:flume-agent`, `${HDFS}:flume-agent`);
        // Juju retries a failed hook on its own; three rounds stand in for its back-off.
        const seen: string[] = [];
        for (let round = 0; round < 3; round += 1) {
          const result = await model.settle();
          seen.push(...model.unitStatus(unit).history.map((h) => `${h.status}: ${h.message}`));
          for (const error of result.errors) model.resolve(error.unit, { retry: true });
          if (result.errors.length === 0) break;
        }
        const status = model.unitStatus(unit);
        expect(status.error).toBeUndefined();
        expect(status.workload.status).toBe('blocked');
        expect(status.workload.message).toMatch(/^Flume is not running: .*Could not find or load main class/);
        expect(model.service(unit, serviceName(app))?.activeState).not.toBe('active');
        // "active" may appear in the history only before Flume was ever asked to start; never after the failure.
        const failedAt = model.unitStatus(unit).history.findIndex((h) => h.message.startsWith('Flume is not running'));
        expect(model.unitStatus(unit).history.slice(failedAt).filter((h) => h.status === 'active')).toEqual([]);
      } finally {
        await model.destroy();
      }
    });
  }
});
