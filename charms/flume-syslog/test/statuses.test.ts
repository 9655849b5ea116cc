// Waiting and blocked statuses before the agent has a sink, on the real bundle in the simulator.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Model } from '@flume-charms/juju-sim';
import { makeStandinFlumeTarball } from '@flume-charms/tests';
import { WAITING_FOR_SINK_AVAILABLE, WAITING_FOR_SINK_RELATION, ready } from '../src/statuses';
import { AGENT, SERVICE, SINK_BAG, UNIT, builtCharm, deployAgent, deployRemote, flumeConf, relateSink, workload } from './support/scenario';

describe('flume-syslog statuses', () => {
  let model: Model;
  afterEach(async () => model?.destroy());

  test('installs, then blocks until a sink is related', async () => {
    ({ model } = await deployAgent());
    expect(workload(model)).toEqual({ status: 'blocked', message: WAITING_FOR_SINK_RELATION });
    expect(model.status().applications.find((a) => a.name === AGENT)?.version).toBe('1.11.0');
    expect(model.service(UNIT, SERVICE)).toBeUndefined();
  });

  test('waits for availability while the sink has published nothing, then becomes active', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', {});
    relateSink(model, 'flume-hdfs');
    await model.settle();
    expect(workload(model)).toEqual({ status: 'waiting', message: WAITING_FOR_SINK_AVAILABLE });
    expect(() => flumeConf(model)).toThrow();

    model.config('flume-hdfs', { databag: JSON.stringify(SINK_BAG) });
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
  });

  test('waits, not blocked, as soon as the relation exists, before any sink unit has joined', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', SINK_BAG, 0);
    relateSink(model, 'flume-hdfs');
    await model.settle();
    expect(model.hookRuns.some((run) => run.unit === UNIT && run.hook === 'flume-agent-relation-created')).toBe(true);
    expect(workload(model)).toEqual({ status: 'waiting', message: WAITING_FOR_SINK_AVAILABLE });
  });

  const ATTACH = 'juju attach-resource flume-syslog flume=./apache-flume-1.11.0-bin.tar.gz';

  test('a missing resource blocks with the attach-resource command; attaching one installs', async () => {
    model = await Model.create();
    await model.deploy(await builtCharm(), { name: AGENT });
    await model.settle();
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toContain(ATTACH);

    model.attachResource(AGENT, 'flume', await makeStandinFlumeTarball());
    await model.settle();
    expect(workload(model)).toEqual({ status: 'blocked', message: WAITING_FOR_SINK_RELATION });
  });

  test('a tarball that is not Flume blocks with the attach-resource command', async () => {
    model = await Model.create();
    // Inside the model's directory, so that destroy() removes it.
    const bogus = path.join(model.dir, 'not-flume.tar.gz');
    writeFileSync(bogus, 'this is not a tarball');
    await model.deploy(await builtCharm(), { name: AGENT, resources: { flume: bogus } });
    await model.settle();
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toContain(ATTACH);
    expect(model.unitStatus(UNIT).error).toBeUndefined();
  });

  test('attaching a new Flume version reinstalls it and restarts the running agent once', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', SINK_BAG);
    relateSink(model, 'flume-hdfs');
    await model.settle();
    const restarts = model.service(UNIT, SERVICE)?.restarts ?? 0;
    model.attachResource(AGENT, 'flume', await makeStandinFlumeTarball({ version: '1.11.1' }));
    await model.settle();
    expect(model.status().applications.find((a) => a.name === AGENT)?.version).toBe('1.11.1');
    expect(model.service(UNIT, SERVICE)?.restarts).toBe(restarts + 1);
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
  });

  test('a bad tarball attached later blocks, while the installed Flume keeps running', async () => {
    ({ model } = await deployAgent());
    await deployRemote(model, 'flume-hdfs', SINK_BAG);
    relateSink(model, 'flume-hdfs');
    await model.settle();
    const conf = flumeConf(model);
    const bogus = path.join(model.dir, 'truncated.tar.gz');
    writeFileSync(bogus, Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    model.attachResource(AGENT, 'flume', bogus);
    await model.settle();
    expect(workload(model).status).toBe('blocked');
    expect(workload(model).message).toContain(ATTACH);
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
    expect(flumeConf(model)).toBe(conf);
    model.updateStatus(AGENT);
    await model.settle();
    expect(workload(model).message).toContain(ATTACH);

    model.attachResource(AGENT, 'flume', await makeStandinFlumeTarball());
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
  });
});
