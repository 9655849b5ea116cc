import * as hookcmds from '../src/hookcmds';
import { execaToolRunner, resetToolCache, useToolRunner, type ToolCall } from '../src/hookcmds/run';
import { HookToolError, HookToolOutputError } from '../src';
import { FakeJuju } from './support/fake-juju';

let juju: FakeJuju;
beforeEach(() => {
  juju = new FakeJuju();
  useToolRunner(juju.runner);
});
afterAll(() => useToolRunner(execaToolRunner));

test('each wrapper calls its tool with the flags Juju documents', async () => {
  juju.relate('db:1', 'pg', { 'pg/0': { host: 'h' } });
  await hookcmds.relationIds('db');
  await hookcmds.relationList('db:1');
  await hookcmds.relationListApp('db:1');
  await hookcmds.relationGet('pg/0', { relationId: 'db:1' });
  await hookcmds.relationGetKey('host', 'pg', { relationId: 'db:1', app: true });
  await hookcmds.relationSet({ a: 'b' }, { relationId: 'db:1', app: true });
  await hookcmds.configGet();
  await hookcmds.statusSet('blocked', '-starts with a dash');
  await hookcmds.statusSet('active', 'ok', { application: true });
  await hookcmds.applicationVersionSet('1.9.0');
  await hookcmds.jujuLog('hello', 'WARNING');
  await hookcmds.openPort(4141);
  await hookcmds.closePort(514, 'udp');
  await hookcmds.openedPorts();
  await hookcmds.isLeader();
  await hookcmds.leaderSet({ k: 'v' });
  await hookcmds.actionSet({ out: { a: 1 } });
  await hookcmds.actionFail('bad');
  await hookcmds.actionLog('step');
  await hookcmds.stateSet({ s: '1' });
  await hookcmds.unitGet('private-address');
  expect(juju.commandLines()).toEqual([
    'relation-ids --format=json db',
    'relation-list --format=json -r db:1',
    'relation-list --format=json -r db:1 --app',
    'relation-get --format=json -r db:1 - pg/0',
    'relation-get --format=json -r db:1 --app host pg',
    'relation-set -r db:1 --app --file -',
    'config-get --format=json --all',
    'status-set blocked -- -starts with a dash',
    'status-set --application active -- ok',
    'application-version-set -- 1.9.0',
    'juju-log --log-level WARNING -- hello',
    'open-port 4141/tcp',
    'close-port 514/udp',
    'opened-ports --format=json',
    'is-leader --format=json',
    'leader-set k=v',
    'action-set out.a=1',
    'action-fail -- bad',
    'action-log -- step',
    'state-set --file -',
    'unit-get --format=json private-address',
  ]);
  expect(juju.callsOf('relation-set')[0]?.input).toBe('{"a":"b"}');
  await expect(hookcmds.openPort(70000)).rejects.toThrow(RangeError);
});

test('read-only answers are cached for the hook; writes are not; a new hook asks again', async () => {
  juju.relate('db:1', 'pg', { 'pg/0': { host: 'h' } });
  for (let i = 0; i < 3; i++) {
    await hookcmds.configGet();
    await hookcmds.isLeader();
    await hookcmds.relationIds('db');
    await hookcmds.relationList('db:1');
    expect(await hookcmds.relationGet('pg/0', { relationId: 'db:1' })).toEqual({ host: 'h' });
    await hookcmds.statusSet('active', 'x');
  }
  expect(juju.calls).toHaveLength(5 + 3);
  resetToolCache();
  await hookcmds.configGet();
  expect(juju.callsOf('config-get')).toHaveLength(2);
});

test('a failed call is not cached', async () => {
  let fail = true;
  juju.failWhen = (call: ToolCall) => call.tool === 'is-leader' && fail;
  await expect(hookcmds.isLeader()).rejects.toBeInstanceOf(HookToolError);
  fail = false;
  juju.leader = true;
  await expect(hookcmds.isLeader()).resolves.toBe(true);
});

test('output that is not the documented format is a HookToolOutputError naming the tool', async () => {
  useToolRunner(async () => 'not json');
  await expect(hookcmds.configGet()).rejects.toThrow(HookToolOutputError);
  useToolRunner(async () => '["a", 1]');
  await expect(hookcmds.relationIds('db')).rejects.toThrow(/relation-ids --format=json db.*expected a list of relation ids/);
});

