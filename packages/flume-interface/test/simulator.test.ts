// Scenario tests on the juju-sim Model: the two test charms (test/charms/), bundled like real charms, run as
// processes through their dispatch, with the real hook tools, relation data commit and hook ordering of Juju.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleTestCharm, Model } from '@flume-charms/juju-sim';
import { SINK_CACHE_VERSION } from '../src/sink-cache';

let sinkCharm: string;
let agentCharm: string;
beforeAll(async () => {
  sinkCharm = await bundleTestCharm(join(__dirname, 'charms', 'flume-sink-test'));
  agentCharm = await bundleTestCharm(join(__dirname, 'charms', 'flume-agent-test'));
});
afterAll(async () => {
  await rm(sinkCharm, { recursive: true, force: true });
  await rm(agentCharm, { recursive: true, force: true });
});

let model: Model;
beforeEach(async () => {
  model = await Model.create({ concurrency: 4 });
});
afterEach(async () => {
  await model.destroy();
});

async function settle(): Promise<void> {
  const result = await model.settle();
  const failed = model.hookRuns.filter((run) => !run.ok).map((run) => `${run.unit} ${run.hook}: ${run.stderr}`);
  expect({ errors: result.errors, failed }).toEqual({ errors: [], failed: [] });
}

async function deploy(sinks: number, agents: number, sinkConfig: Record<string, string | number> = {}): Promise<void> {
  await model.deploy(sinkCharm, { name: 'sink', units: sinks, config: sinkConfig });
  await model.deploy(agentCharm, { name: 'agent', units: agents });
}

interface UnitStateFile {
  flags: string[];
  kv: Record<string, unknown>;
}
function unitState(unit: string): UnitStateFile {
  return JSON.parse(model.unitFile(unit, '.unit-state.json')) as UnitStateFile;
}
const flags = (unit: string): string[] => unitState(unit).flags;
/** Where the agent's (stand-in) Flume config sends events, e.g. avro://127.0.1.1:4141. */
const target = (unit: string): unknown => unitState(unit).kv['test.flume.sink'];
const address = (relationId: number, unit: string): string => model.relationData(relationId, unit)['ingress-address'] ?? '';
const workload = (unit: string): { status: string; message: string } => model.unitStatus(unit).workload;
const BOTH = ['flume-agent.available', 'flume-agent.connected'];

describe('join and changed', () => {
  test('the sink publishes, the agent configures Flume for it, both sides set their flags', async () => {
    await deploy(1, 1);
    await settle();
    expect(workload('agent/0')).toEqual({ status: 'blocked', message: 'Missing relation to a Flume sink' });
    const id = model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    expect(model.relationData(id, 'sink/0')).toMatchObject({ port: '4141', protocol: 'avro', 'compression-type': 'none' });
    expect(flags('sink/0')).toEqual(expect.arrayContaining([...BOTH, 'flumehdfs.started']));
    expect(flags('agent/0')).toEqual(expect.arrayContaining([...BOTH, 'flumesyslog.started']));
    expect(target('agent/0')).toBe(`avro://${address(id, 'sink/0')}:4141`);
    expect(workload('sink/0')).toEqual({ status: 'active', message: 'Ready' });
    expect(workload('agent/0')).toEqual({ status: 'active', message: `Sending to avro://${address(id, 'sink/0')}:4141` });
  });
});

describe('several units and relations', () => {
  test('several units on both sides: every agent unit sends to the first sink unit', async () => {
    await deploy(2, 3);
    const id = model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    for (const agent of ['agent/0', 'agent/1', 'agent/2']) {
      expect(flags(agent)).toEqual(expect.arrayContaining(BOTH));
      expect(target(agent)).toBe(`avro://${address(id, 'sink/0')}:4141`);
    }
    for (const sink of ['sink/0', 'sink/1']) {
      expect(flags(sink)).toEqual(expect.arrayContaining(BOTH));
      expect(model.relationData(id, sink)).toMatchObject({ port: '4141', protocol: 'avro' });
    }
  });

  test('two relations on one endpoint, on both sides', async () => {
    await model.deploy(sinkCharm, { name: 'sink-a', units: 1, config: { source_port: 5001 } });
    await model.deploy(sinkCharm, { name: 'sink-b', units: 1, config: { source_port: 5002, protocol: 'thrift' } });
    await model.deploy(agentCharm, { name: 'agent', units: 1 });
    await model.deploy(agentCharm, { name: 'other-agent', units: 1 });
    const a = model.relate('sink-a:flume-agent', 'agent:flume-agent');
    const b = model.relate('sink-b:flume-agent', 'agent:flume-agent');
    const c = model.relate('sink-a:flume-agent', 'other-agent:flume-agent');
    await settle();
    // The agent picks the sink of the lower relation id.
    expect(target('agent/0')).toBe(`avro://${address(a, 'sink-a/0')}:5001`);
    expect(model.relationData(c, 'sink-a/0')).toMatchObject({ port: '5001' });
    expect(flags('sink-a/0')).toEqual(expect.arrayContaining(BOTH));
    // Removing the first relation moves the agent to the other sink.
    model.removeRelation(a);
    await settle();
    expect(target('agent/0')).toBe(`thrift://${address(b, 'sink-b/0')}:5002`);
    expect(flags('sink-a/0')).toEqual(expect.arrayContaining(BOTH)); // still related to other-agent
  });
});

describe('departed', () => {
  test('sink units depart: the first of many moves the agent on, the last clears its flags', async () => {
    await deploy(3, 1);
    const id = model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    const second = address(id, 'sink/1');
    model.removeUnit('sink/0');
    await settle();
    expect(flags('agent/0')).toEqual(expect.arrayContaining(BOTH));
    expect(target('agent/0')).toBe(`avro://${second}:4141`);
    model.removeUnit('sink/1');
    model.removeUnit('sink/2');
    await settle();
    expect(flags('agent/0')).not.toContain('flume-agent.connected');
    expect(flags('agent/0')).not.toContain('flume-agent.available');
    expect(flags('agent/0')).not.toContain('flumesyslog.started');
    expect(unitState('agent/0').kv['endpoint.flume-agent.sinks']).toEqual({ version: SINK_CACHE_VERSION, sinks: [], tlsCas: {} });
    expect(workload('agent/0')).toEqual({ status: 'blocked', message: 'Missing relation to a Flume sink' });
  });

  test('agent units depart: the first of many leaves the sink flags set (unlike the Python layer), the last clears them', async () => {
    await deploy(1, 3);
    model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    model.removeUnit('agent/0');
    await settle();
    expect(flags('sink/0')).toEqual(expect.arrayContaining(BOTH));
    model.removeUnit('agent/1');
    model.removeUnit('agent/2');
    await settle();
    expect(flags('sink/0')).not.toContain('flume-agent.connected');
    expect(flags('sink/0')).not.toContain('flume-agent.available');
  });
});

describe('broken', () => {
  test('removing the relation clears both sides; relating again works', async () => {
    await deploy(1, 1);
    const id = model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    model.removeRelation(id);
    await settle();
    for (const unit of ['sink/0', 'agent/0']) {
      expect(flags(unit)).not.toContain('flume-agent.connected');
      expect(flags(unit)).not.toContain('flume-agent.available');
    }
    const again = model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    expect(model.relationData(again, 'sink/0')).toMatchObject({ port: '4141', protocol: 'avro' });
    expect(target('agent/0')).toBe(`avro://${address(again, 'sink/0')}:4141`);
  });
});

describe('invalid data', () => {
  test('invalid data is reported and never used; valid data makes the sink available again', async () => {
    await deploy(1, 1, { raw_databag: JSON.stringify({ port: '70000', protocol: 'avro' }) });
    const id = model.relate('sink:raw-flume-agent', 'agent:flume-agent');
    await settle();
    expect(flags('agent/0')).toContain('flume-agent.connected');
    expect(flags('agent/0')).not.toContain('flume-agent.available');
    expect(workload('agent/0')).toEqual({ status: 'blocked', message: 'sink/0: port: "70000" is out of range 1-65535' });

    model.config('sink', { raw_databag: JSON.stringify({ port: '4242', protocol: 'thrift' }) });
    await settle();
    expect(flags('agent/0')).toEqual(expect.arrayContaining(BOTH));
    expect(target('agent/0')).toBe(`thrift://${address(id, 'sink/0')}:4242`);

    model.config('sink', { raw_databag: JSON.stringify({ port: '4242', protocol: 'thrift', 'compression-type': 'gzip' }) });
    await settle();
    expect(flags('agent/0')).not.toContain('flume-agent.available');
    expect(workload('agent/0').message).toBe('sink/0: compression-type: "gzip" is not one of none, deflate');
  });
});

describe('configuration changes', () => {
  test('a port or protocol change is published again and seen by every agent unit', async () => {
    await deploy(1, 2);
    const id = model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    model.config('sink', { source_port: 5151 });
    await settle();
    expect(model.relationData(id, 'sink/0')).toMatchObject({ port: '5151', protocol: 'avro' });
    for (const agent of ['agent/0', 'agent/1']) expect(target(agent)).toBe(`avro://${address(id, 'sink/0')}:5151`);
    model.config('sink', { protocol: 'thrift' });
    await settle();
    for (const agent of ['agent/0', 'agent/1']) expect(target(agent)).toBe(`thrift://${address(id, 'sink/0')}:5151`);
    // Only the changed key was set again.
    const sets = model.toolCalls.filter((call) => call.unit === 'sink/0' && call.tool === 'relation-set');
    expect(sets.length).toBe(3); // first publish, port, protocol
  });

  test('an invalid port blocks the sink and keeps the last good configuration published', async () => {
    await deploy(1, 1);
    const id = model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    model.config('sink', { source_port: 70000 });
    await settle();
    expect(workload('sink/0')).toEqual({
      status: 'blocked',
      message: 'invalid flume-agent configuration: port: "70000" is out of range 1-65535',
    });
    expect(model.relationData(id, 'sink/0')).toMatchObject({ port: '4141' });
  });
});

describe('wire compatibility with the Python layer', () => {
  test('the agent reads exactly what the Python provides side wrote', async () => {
    await deploy(1, 1, { raw_databag: JSON.stringify({ port: '4141', protocol: 'avro' }) });
    const id = model.relate('sink:raw-flume-agent', 'agent:flume-agent');
    await settle();
    const bag = model.relationData(id, 'sink/0');
    expect(Object.keys(bag).sort()).toEqual(['egress-subnets', 'ingress-address', 'port', 'private-address', 'protocol']);
    expect(flags('agent/0')).toEqual(expect.arrayContaining(BOTH));
    expect(target('agent/0')).toBe(`avro://${bag['private-address']}:4141`);
  });

  test('what the sink writes is read by the Python requires side (get_remote of private-address, port, protocol)', async () => {
    await deploy(1, 1);
    const id = model.relate('sink:flume-agent', 'agent:python-flume-agent');
    await settle();
    expect(unitState('agent/0').kv['test.python-view']).toEqual({ ip: model.relationData(id, 'sink/0')['private-address'], port: '4141', protocol: 'avro' });
  });
});

describe('the per-unit cache on the simulator', () => {
  test('upgrade-charm re-reads every sink unit once; later hooks read none', async () => {
    await deploy(3, 1);
    model.relate('sink:flume-agent', 'agent:flume-agent');
    await settle();
    const before = model.toolCalls.length;
    await model.upgradeCharm('agent');
    await settle();
    const upgrade = model.toolCalls.slice(before).filter((call) => call.unit === 'agent/0' && call.hook === 'upgrade-charm');
    expect(upgrade.filter((call) => call.tool === 'relation-get').map((call) => call.args[call.args.length - 1]).sort()).toEqual([
      'sink/0',
      'sink/1',
      'sink/2',
    ]);
    const mark = model.toolCalls.length;
    model.updateStatus('agent');
    await settle();
    expect(model.toolCalls.slice(mark).filter((call) => call.tool.startsWith('relation-'))).toEqual([]);
  });
});

describe('cost of one relation-changed', () => {
  /** Tool calls of each agent relation-changed caused by one new value in every sink unit's databag. */
  async function changedHookCosts(sinks: number): Promise<number[]> {
    await deploy(sinks, 1, { raw_databag: JSON.stringify({ port: '4141', protocol: 'avro' }) });
    model.relate('sink:raw-flume-agent', 'agent:flume-agent');
    await settle();
    const mark = model.hookRuns.length;
    // A new key in every sink's bag: each sink unit commits it, and the agent runs one relation-changed per unit.
    model.config('sink', { raw_databag: JSON.stringify({ port: '4141', protocol: 'avro', note: 'x' }) });
    await settle();
    const runs = model.hookRuns.slice(mark).filter((run) => run.unit === 'agent/0' && run.hook === 'flume-agent-relation-changed');
    expect(runs).toHaveLength(sinks);
    for (const run of runs) {
      const reads = model.toolCalls.filter((call) => call.contextId === run.contextId && call.tool === 'relation-get');
      expect(reads.map((call) => call.args[call.args.length - 1])).toEqual([run.remoteUnit]); // only the hook's unit
    }
    return runs.map((run) => run.toolCalls);
  }

  test('is the same with 1 and with 50 sink units', async () => {
    const [one] = await changedHookCosts(1);
    await model.destroy();
    model = await Model.create({ concurrency: 8 });
    const fifty = await changedHookCosts(50);
    expect(new Set(fifty)).toEqual(new Set([one]));
  }, 300_000);
});
