// The channel-data storage: attached at deploy, every file channel lives on it (issues 5 and 9); when it is
// detaching, the agent forgets it and reconciles in the same hook, so Flume restarts off the storage before
// Juju unmounts it.
import { checkFlumeConfig, FLUME_GROUP, FLUME_USER, parseProperties } from '@flume-charms/flume';
import { Model } from '@flume-charms/juju-sim';
import { makeStandinFlumeTarball } from '@flume-charms/tests';
import { AGENT_NAME } from '../src/render';
import { AGENT, builtCharm, deployRemote, flumeConf, relateSink, SERVICE, SINK_BAG, UNIT, workload } from './support/scenario';

const STORAGE = '/srv/flume-syslog/channel-data';
const LOCAL_CHANNELS = '/var/lib/flume/flume-syslog/channels';

/** checkpointDir and dataDirs of every file channel in a flume.conf. */
function fileChannelDirs(conf: string): string[] {
  const props = new Map(parseProperties(conf).entries.map((e) => [e.key, e.value]));
  const channels = (props.get(`${AGENT_NAME}.channels`) ?? '').split(/\s+/).filter((c) => c !== '');
  return channels
    .filter((c) => props.get(`${AGENT_NAME}.channels.${c}.type`) === 'file')
    .flatMap((c) => [props.get(`${AGENT_NAME}.channels.${c}.checkpointDir`) ?? '', props.get(`${AGENT_NAME}.channels.${c}.dataDirs`) ?? '']);
}

describe('channel-data storage', () => {
  let model: Model;
  beforeAll(async () => {
    model = await Model.create();
    // sink_processor=none: each of the two sink units reads a file channel of its own.
    const config = { sink_processor: 'none' };
    await model.deploy(await builtCharm(), { name: AGENT, config, resources: { flume: await makeStandinFlumeTarball() }, storage: { 'channel-data': 1 } });
    await deployRemote(model, 'flume-hdfs', SINK_BAG, 2);
    relateSink(model, 'flume-hdfs');
    await model.settle();
  }, 120_000);
  afterAll(async () => {
    await model.destroy();
  });

  it('is attached before install, and every file channel lives on it', () => {
    const hooks = model.hookRuns.filter((r) => r.unit === UNIT).map((r) => r.hook);
    expect(hooks.indexOf('channel-data-storage-attached')).toBeLessThan(hooks.indexOf('install'));
    expect(model.storage(UNIT)).toEqual([expect.objectContaining({ id: 'channel-data/0', location: STORAGE, attached: true })]);
    const conf = flumeConf(model);
    const dirs = fileChannelDirs(conf);
    expect(dirs.length).toBeGreaterThanOrEqual(4);
    for (const dir of dirs) expect(dir).toMatch(new RegExp(`^${STORAGE}/[^/]+/(checkpoint|data)$`));
    expect(new Set(dirs).size).toBe(dirs.length); // each channel locks its own directories
    expect(conf).not.toContain(LOCAL_CHANNELS);
    expect(checkFlumeConfig(conf, AGENT_NAME).errors).toEqual([]);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready (2 sinks)' });
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
  });

  it('the storage directory is under the unit root, owned by flume, and the service may write it', () => {
    const [storage] = model.storage(UNIT);
    expect(storage?.hostPath).toBe(model.unitPath(UNIT, STORAGE));
    expect(model.machine(UNIT).owners.get(storage?.hostPath ?? '')).toMatchObject({ user: FLUME_USER, group: FLUME_GROUP });
    expect(model.unitFile(UNIT, '/etc/systemd/system/flume-flume-syslog.service')).toMatch(new RegExp(`^ReadWritePaths=.*${STORAGE}`, 'm'));
  });

  it('detaching restarts Flume off the storage inside the detaching hook; the channels move to the local disk', async () => {
    const before = model.hookRuns.length;
    const restarts = model.service(UNIT, SERVICE)?.restarts ?? 0;
    model.detachStorage('channel-data/0');
    expect((await model.settle()).errors).toEqual([]);
    const detaching = model.hookRuns.slice(before).find((r) => r.hook === 'channel-data-storage-detaching');
    const calls = model.toolCalls.filter((c) => c.contextId === detaching?.contextId && c.tool === 'systemctl').map((c) => c.args.join(' '));
    // The old process, which held the storage's channel files, is gone before Juju unmounts the storage.
    expect(calls.some((c) => /^(restart|reload-or-restart|stop|disable --now) flume-flume-syslog\.service$/.test(c))).toBe(true);
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'active', restarts: restarts + 1 });
    expect(model.storage(UNIT)).toEqual([]);
    const conf = flumeConf(model);
    for (const dir of fileChannelDirs(conf)) expect(dir.startsWith(`${LOCAL_CHANNELS}/`)).toBe(true);
    expect(checkFlumeConfig(conf, AGENT_NAME).errors).toEqual([]);
    expect(model.machine(UNIT).owners.get(model.unitPath(UNIT, LOCAL_CHANNELS))).toMatchObject({ user: FLUME_USER });
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready (2 sinks)' });
  });
});
