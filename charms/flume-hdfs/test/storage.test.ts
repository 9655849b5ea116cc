// The channel-data storage: attached at deploy, the file channel lives on it (issues 5 and 9); detaching it
// stops Flume before Juju unmounts it, and the sink goes on with a channel on the machine's disk.
import { checkFlumeConfig, FLUME_GROUP, FLUME_USER, parseProperties } from '@flume-charms/flume';
import { Model } from '@flume-charms/juju-sim';
import { AGENT_NAME } from '../src/render';
import { APP, builtCharm, flumeConf, relateAgent, relateHadoop, SERVICE, standinTarball, track, UNIT, workload } from './support/scenario';

const STORAGE = '/srv/flume-hdfs/channel-data';
const LOCAL_CHANNELS = '/var/lib/flume/flume-hdfs/channels';

/** flume-hdfs with one channel-data storage, HDFS ready and an agent related: running. */
async function runningWithStorage(): Promise<Model> {
  const model = track(await Model.create());
  await model.deploy(await builtCharm(), { name: APP, resources: { flume: await standinTarball() }, storage: { 'channel-data': 1 } });
  await model.settle();
  await relateHadoop(model);
  await relateAgent(model);
  return model;
}

/** The file channel's checkpointDir and dataDirs, from the rendered flume.conf. */
function channelDirs(conf: string): { checkpointDir?: string; dataDirs?: string } {
  const props = new Map(parseProperties(conf).entries.map((e) => [e.key, e.value]));
  const channel = props.get(`${AGENT_NAME}.channels`);
  return { checkpointDir: props.get(`${AGENT_NAME}.channels.${channel}.checkpointDir`), dataDirs: props.get(`${AGENT_NAME}.channels.${channel}.dataDirs`) };
}

describe('channel-data storage', () => {
  let model: Model;
  beforeAll(async () => {
    model = await runningWithStorage();
  }, 120_000);

  it('is attached before install, and the file channel lives on it', () => {
    const hooks = model.hookRuns.filter((r) => r.unit === UNIT).map((r) => r.hook);
    expect(hooks.indexOf('channel-data-storage-attached')).toBeLessThan(hooks.indexOf('install'));
    expect(model.storage(UNIT)).toEqual([expect.objectContaining({ id: 'channel-data/0', location: STORAGE, attached: true })]);
    const conf = flumeConf(model);
    const dirs = channelDirs(conf);
    expect(dirs.checkpointDir).toMatch(new RegExp(`^${STORAGE}/[^/]+/checkpoint$`));
    expect(dirs.dataDirs).toMatch(new RegExp(`^${STORAGE}/[^/]+/data$`));
    expect(conf).not.toContain(LOCAL_CHANNELS);
    expect(checkFlumeConfig(conf, AGENT_NAME).errors).toEqual([]);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
  });

  it('the storage directory is under the unit root, owned by flume, and the service may write it', () => {
    const [storage] = model.storage(UNIT);
    expect(storage?.hostPath).toBe(model.unitPath(UNIT, STORAGE));
    expect(model.machine(UNIT).owners.get(storage?.hostPath ?? '')).toMatchObject({ user: FLUME_USER, group: FLUME_GROUP });
    // ProtectSystem=strict: the channel is writable only because the unit lists it.
    expect(model.unitFile(UNIT, '/etc/systemd/system/flume-flume-hdfs.service')).toMatch(new RegExp(`^ReadWritePaths=.*${STORAGE}`, 'm'));
  });

  it('detaching stops Flume inside the detaching hook; the sink then runs with its channel on the local disk', async () => {
    const before = model.hookRuns.length;
    const starts = model.service(UNIT, SERVICE)?.starts ?? 0;
    model.detachStorage('channel-data/0');
    expect((await model.settle()).errors).toEqual([]);
    const detaching = model.hookRuns.slice(before).find((r) => r.hook === 'channel-data-storage-detaching');
    const calls = model.toolCalls.filter((c) => c.contextId === detaching?.contextId && c.tool === 'systemctl').map((c) => c.args.join(' '));
    // Flume lets go of the channel before Juju unmounts it: stopped first, started again on the local disk.
    const stop = calls.indexOf('disable --now flume-flume-hdfs.service');
    expect(stop).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf('enable --now flume-flume-hdfs.service')).toBeGreaterThan(stop);
    expect(model.storage(UNIT)).toEqual([]);
    const dirs = channelDirs(flumeConf(model));
    expect(dirs.checkpointDir?.startsWith(`${LOCAL_CHANNELS}/`)).toBe(true);
    expect(dirs.dataDirs?.startsWith(`${LOCAL_CHANNELS}/`)).toBe(true);
    expect(checkFlumeConfig(flumeConf(model), AGENT_NAME).errors).toEqual([]);
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'active', starts: starts + 1 });
    expect(model.machine(UNIT).owners.get(model.unitPath(UNIT, LOCAL_CHANNELS))).toMatchObject({ user: FLUME_USER });
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    // The operator is told where the channel went, and what stays behind on the storage.
    expect(model.logs.filter((l) => l.unit === UNIT && l.hook === 'channel-data-storage-detaching' && l.level === 'WARNING')
      .map((l) => l.message)).toEqual([expect.stringMatching(/file channel moves to local disk/)]);
  });

  it('storage added to the running sink: the channel moves onto it and Flume restarts once', async () => {
    const restarts = model.service(UNIT, SERVICE)?.restarts ?? 0;
    expect(model.addStorage(UNIT, 'channel-data')).toEqual(['channel-data/1']);
    expect((await model.settle()).errors).toEqual([]);
    const dirs = channelDirs(flumeConf(model));
    expect(dirs.checkpointDir?.startsWith(`${STORAGE}/`)).toBe(true);
    expect(dirs.dataDirs?.startsWith(`${STORAGE}/`)).toBe(true);
    expect(model.machine(UNIT).owners.get(model.unitPath(UNIT, STORAGE))).toMatchObject({ user: FLUME_USER, group: FLUME_GROUP });
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'active', restarts: restarts + 1 });
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });
});
