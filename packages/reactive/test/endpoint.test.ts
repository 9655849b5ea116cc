import { clearFlag, Endpoint, EndpointError, isFlagSet, registerEndpoint, resetRegistry, setFlag, when, whenNot } from '../src';
import { FakeJuju, relationEnv, tempCharmDir } from './support/fake-juju';
import { invoked, runWith, storedState } from './support/run';

class SinkEndpoint extends Endpoint {
  protected override manageFlags(): void {
    // As an interface does: a public flag derived from the automatic ones.
    if (isFlagSet(this.expandName('joined'))) setFlag(this.expandName('{endpoint_name}.connected'));
    else clearFlag(this.expandName('{endpoint_name}.connected'));
  }
}

let juju: FakeJuju;
let dir: string;
beforeEach(() => {
  resetRegistry();
  juju = new FakeJuju();
  dir = tempCharmDir();
  registerEndpoint('flume-agent', SinkEndpoint, { role: 'provides' });
});

test('expandName prefixes endpoint.NAME. unless {endpoint_name} is given', async () => {
  const endpoint = new SinkEndpoint('flume-agent');
  expect(endpoint.expandName('joined')).toBe('endpoint.flume-agent.joined');
  expect(endpoint.expandName('{endpoint_name}.available')).toBe('flume-agent.available');
});

test('joined, changed and changed.FIELD are set in the endpoint relation hooks; manageFlags runs after them', async () => {
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': { port: '4141' } });
  const run = await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:3', 'syslog/0'));
  expect(run.exitCode).toBe(0);
  expect(storedState(dir).flags).toEqual(
    expect.arrayContaining([
      'endpoint.flume-agent.joined',
      'endpoint.flume-agent.changed',
      'endpoint.flume-agent.changed.port',
      'flume-agent.connected',
    ]),
  );
});

test('unchanged data does not set changed again; a changed field sets only its own changed.FIELD', async () => {
  const rel = juju.relate('flume-agent:3', 'syslog', { 'syslog/0': { port: '4141', host: 'a' } });
  class Clearing extends Endpoint {}
  resetRegistry();
  registerEndpoint('flume-agent', Clearing);
  // A handler that consumes the event flags, as interfaces do.
  when('endpoint.flume-agent.changed').do(function consume() {
    clearFlag('endpoint.flume-agent.changed');
    clearFlag('endpoint.flume-agent.changed.port');
    clearFlag('endpoint.flume-agent.changed.host');
  });
  await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:3', 'syslog/0'));
  expect(storedState(dir).flags).toEqual(['endpoint.flume-agent.joined']);

  const again = await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:3', 'syslog/0'));
  expect(invoked(again)).toEqual([]);

  (rel.units['syslog/0'] as Record<string, string>).host = 'b';
  const changed = await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:3', 'syslog/0'));
  expect(invoked(changed)).toEqual(['consume']);
});

test('a no-op update-status makes no relation tool call: membership comes from the unit state', async () => {
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': { port: '4141' } });
  await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  juju.reset();
  let seen: string[] = [];
  when('flume-agent.connected').do(function look(endpoint: SinkEndpoint) {
    seen = endpoint.allJoinedUnits.map((u) => `${u.relation.relationId} ${u.name} ${u.relation.application}`);
  });
  const run = await runWith(juju, dir, 'update-status');
  expect(run.exitCode).toBe(0);
  expect(seen).toEqual(['flume-agent:3 syslog/0 syslog']);
  expect(juju.commandLines()).toEqual([]); // the config too comes from the unit state (stored-config.ts)
});

test('receivedRaw calls relation-get once per unit per hook', async () => {
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': { port: '4141' }, 'syslog/1': { port: '4142' } });
  await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  juju.reset();
  const ports: string[] = [];
  when('flume-agent.connected').do(async function read(endpoint: SinkEndpoint) {
    for (const unit of endpoint.allJoinedUnits) ports.push((await unit.receivedRaw()).port ?? '');
    for (const unit of endpoint.allJoinedUnits) ports.push((await unit.receivedRaw()).port ?? '');
  });
  await runWith(juju, dir, 'update-status');
  expect(ports).toEqual(['4141', '4142', '4141', '4142']);
  expect(juju.callsOf('relation-get').map((c) => c.args.join(' '))).toEqual([
    '--format=json -r flume-agent:3 - syslog/0',
    '--format=json -r flume-agent:3 - syslog/1',
  ]);
});

test('departed: the departing unit leaves the relation, departed is set, joined cleared with the last unit', async () => {
  const rel = juju.relate('flume-agent:3', 'syslog', { 'syslog/0': {} });
  await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  // Juju still lists the departing unit in some versions; it must not count.
  const run = await runWith(juju, dir, 'flume-agent-relation-departed', {
    ...relationEnv('flume-agent:3', 'syslog/0'),
    JUJU_DEPARTING_UNIT: 'syslog/0',
  });
  expect(run.exitCode).toBe(0);
  const flags = storedState(dir).flags;
  expect(flags).toContain('endpoint.flume-agent.departed');
  expect(flags).not.toContain('endpoint.flume-agent.joined');
  expect(flags).not.toContain('flume-agent.connected');
  delete rel.units['syslog/0'];
});

test('toPublishRaw: only changed keys are relation-set, at the end of a successful hook', async () => {
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': {} });
  let port = '4141';
  when('flume-agent.connected').do(function publish(endpoint: SinkEndpoint) {
    for (const relation of endpoint.relations) {
      relation.toPublishRaw.port = port;
      relation.toPublishRaw.protocol = 'avro';
    }
  });
  await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  expect(juju.relations['flume-agent:3']?.local).toEqual({ port: '4141', protocol: 'avro' });
  const sets = juju.callsOf('relation-set');
  expect(sets).toHaveLength(1);
  expect(sets[0]?.args).toEqual(['-r', 'flume-agent:3', '--file', '-']);
  // relation-set is the last tool call of the hook.
  expect(juju.calls[juju.calls.length - 1]?.tool).toBe('relation-set');

  juju.reset();
  await runWith(juju, dir, 'update-status');
  expect(juju.callsOf('relation-set')).toEqual([]);

  port = '5000';
  await runWith(juju, dir, 'update-status');
  expect(juju.callsOf('relation-set').map((c) => c.input)).toEqual(['{"port":"5000"}']);
});

test('a removed toPublishRaw key is sent as the empty string (delete)', async () => {
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': {} });
  let publish = true;
  when('flume-agent.connected').do(function pub(endpoint: SinkEndpoint) {
    const bag = endpoint.relations[0]?.toPublishRaw ?? {};
    if (publish) bag.port = '4141';
    else delete bag.port;
  });
  await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  publish = false;
  juju.reset();
  await runWith(juju, dir, 'update-status');
  expect(juju.callsOf('relation-set').map((c) => c.input)).toEqual(['{"port":""}']);
  expect(juju.relations['flume-agent:3']?.local).toEqual({});
});

test('toPublishRaw is not sent, and not remembered, when a handler throws', async () => {
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': {} });
  when('flume-agent.connected').do(function publish(endpoint: SinkEndpoint) {
    (endpoint.relations[0] as { toPublishRaw: Record<string, string> }).toPublishRaw.port = '4141';
  });
  whenNot('never').do(function boom() {
    throw new Error('boom');
  });
  const run = await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  expect(run.exitCode).toBe(1);
  expect(juju.callsOf('relation-set')).toEqual([]);
});

test('app data: toPublishAppRaw goes out with --app, receivedAppRaw reads the remote app', async () => {
  const rel = juju.relate('flume-agent:3', 'syslog', { 'syslog/0': {} });
  rel.appData = { version: '2' };
  let remote: Record<string, string> = {};
  when('flume-agent.connected').do(async function app(endpoint: SinkEndpoint) {
    const relation = endpoint.relations[0];
    if (!relation) return;
    relation.toPublishAppRaw.sink = 'hdfs';
    remote = await relation.receivedAppRaw();
  });
  const notLeader = await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  expect(notLeader.exitCode).toBe(1);
  expect(notLeader.error).toBeInstanceOf(EndpointError);
  expect(rel.localApp).toEqual({});

  juju.leader = true;
  const leader = await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  expect(leader.exitCode).toBe(0);
  expect(remote).toEqual({ version: '2' });
  expect(rel.localApp).toEqual({ sink: 'hdfs' });
});

test('endpoint.kv is a namespaced view of the unit kv, persisted', async () => {
  when('endpoint.flume-agent.joined').do(function remember(endpoint: SinkEndpoint) {
    endpoint.kv.set('seen', (endpoint.kv.get<number>('seen') ?? 0) + 1);
  });
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': {} });
  await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  await runWith(juju, dir, 'update-status');
  expect(storedState(dir).kv['endpoint.flume-agent.seen']).toBe(2);
});

test('relation-broken drops the relation; upgrade-charm refreshes a stale membership cache', async () => {
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': {} });
  await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  // Juju may still list the broken relation during its broken hook.
  await runWith(juju, dir, 'flume-agent-relation-broken', relationEnv('flume-agent:3', 'syslog/0'));
  expect(storedState(dir).flags).not.toContain('endpoint.flume-agent.joined');
  expect(storedState(dir).kv['reactive.endpoint.flume-agent.relations']).toEqual({});

  juju.relate('flume-agent:4', 'syslog', { 'syslog/1': {} });
  await runWith(juju, dir, 'update-status');
  expect(storedState(dir).flags).not.toContain('endpoint.flume-agent.joined');
  await runWith(juju, dir, 'upgrade-charm');
  expect(storedState(dir).flags).toContain('endpoint.flume-agent.joined');
});

test('a non-string toPublishRaw value fails the hook with a clear error', async () => {
  juju.relate('flume-agent:3', 'syslog', { 'syslog/0': {} });
  when('flume-agent.connected').do(function publish(endpoint: SinkEndpoint) {
    Object.assign(endpoint.relations[0]?.toPublishRaw ?? {}, { port: 4141 });
  });
  const run = await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:3', 'syslog/0'));
  expect(run.exitCode).toBe(1);
  expect(String(run.error)).toContain("relation data must be strings; key 'port' is number");
});

test('a relation hook reads only its remote unit: the cost does not grow with the number of units', async () => {
  const units: Record<string, Record<string, string>> = {};
  for (let i = 0; i < 20; i++) units[`syslog/${i}`] = { port: String(i) };
  juju.relate('flume-agent:3', 'syslog', units);
  await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:3', 'syslog/7'));
  expect(juju.callsOf('relation-get').map((c) => c.args.join(' '))).toEqual(['--format=json -r flume-agent:3 - syslog/7']);
  expect(juju.calls).toHaveLength(4); // config-get, relation-ids, relation-list, relation-get

  // Unit 12's data is compared in unit 12's own hook, against what was last seen of unit 12.
  juju.reset();
  const run = await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:3', 'syslog/12'));
  expect(run.exitCode).toBe(0);
  expect(juju.callsOf('relation-get')).toHaveLength(1);
  expect(storedState(dir).kv['reactive.endpoint.flume-agent.received']).toEqual({
    'flume-agent:3/syslog/7': { port: '7' },
    'flume-agent:3/syslog/12': { port: '12' },
  });
});
