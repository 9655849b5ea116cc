import { readFileSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  action, clearFlag, DispatchCycleError, Endpoint, getFlags, hook, hookContext, main, registerEndpoint, resetRegistry,
  setFlag, setStatus, unitState, when, whenNot, NoHookRunningError, UnitStateError,
} from '../src';
import { FakeJuju, relationEnv, tempCharmDir } from './support/fake-juju';
import { invoked, runWith, storedState } from './support/run';

let juju: FakeJuju;
let dir: string;
beforeEach(() => {
  resetRegistry();
  juju = new FakeJuju();
  dir = tempCharmDir();
});

test('a successful hook writes flags and kv to .unit-state.json with mode 0600 and no temp file left', async () => {
  whenNot('app.installed').do(function install() {
    setFlag('app.installed');
    unitState.kv.set('installed-version', '1.9.0');
  });
  const run = await runWith(juju, dir, 'install');
  expect(run).toMatchObject({ exitCode: 0, stateWritten: true });
  expect(storedState(dir).flags).toContain('app.installed');
  expect(storedState(dir).kv['installed-version']).toBe('1.9.0');
  expect(statSync(join(dir, '.unit-state.json')).mode & 0o777).toBe(0o600);
  expect(readdirSync(dir)).toEqual(['.unit-state.json']);
});

test('a handler that throws leaves the stored flags and kv exactly as they were, logs the error and exits 1', async () => {
  whenNot('app.installed').do(function install() {
    setFlag('app.installed');
  });
  await runWith(juju, dir, 'install');
  const before = readFileSync(join(dir, '.unit-state.json'), 'utf8');

  resetRegistry();
  when('app.installed').do(function change() {
    clearFlag('app.installed');
    setFlag('app.broken');
    unitState.kv.set('x', 1);
  });
  when('app.broken').do(function fail() {
    throw new Error('disk full');
  });
  const run = await runWith(juju, dir, 'config-changed');
  expect(run.exitCode).toBe(1);
  expect((run.error as Error).message).toBe('disk full');
  expect(run.stateWritten).toBe(false);
  expect(readFileSync(join(dir, '.unit-state.json'), 'utf8')).toBe(before);
  expect(juju.logs).toEqual([{ level: 'ERROR', message: 'hook config-changed failed: Error: disk full' }]);
});

test('a failing hook tool fails the hook and writes nothing', async () => {
  juju.failWhen = (call) => call.tool === 'status-set';
  whenNot('x').do(async function status() {
    setFlag('x');
    await setStatus('active', 'Ready');
  });
  const run = await runWith(juju, dir, 'install');
  expect(run.exitCode).toBe(1);
  expect(String(run.error)).toContain('status-set active -- Ready');
  expect(readdirSync(dir)).toEqual([]);
});

test('a corrupt state file fails the hook loudly and is not overwritten', async () => {
  writeFileSync(join(dir, '.unit-state.json'), '{"flags": [');
  whenNot('x').do(function h() {
    setFlag('x');
  });
  const run = await runWith(juju, dir, 'install');
  expect(run.exitCode).toBe(1);
  expect(run.error).toBeInstanceOf(UnitStateError);
  expect(readFileSync(join(dir, '.unit-state.json'), 'utf8')).toBe('{"flags": [');
});

test('a no-op update-status makes no tool call and does not rewrite the state', async () => {
  class Agent extends Endpoint {}
  registerEndpoint('flume-agent', Agent);
  juju.config = { port: 4141 };
  juju.relate('flume-agent:1', 'syslog', { 'syslog/0': { port: '1' } });
  when('endpoint.flume-agent.joined').do(async function ready() {
    await setStatus('active', 'Ready');
  });
  await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:1', 'syslog/0'));
  await runWith(juju, dir, 'update-status');
  juju.reset();
  const run = await runWith(juju, dir, 'update-status');
  expect(run).toMatchObject({ exitCode: 0, stateWritten: false });
  // The config comes from the unit state (stored-config.ts), membership too.
  expect(juju.commandLines()).toEqual([]);
});

test('setStatus skips a status identical to the last one set', async () => {
  let message = 'Ready';
  whenNot('never').do(async function status() {
    await setStatus('active', message);
  });
  await runWith(juju, dir, 'install');
  await runWith(juju, dir, 'update-status');
  message = 'Ready (2 agents)';
  await runWith(juju, dir, 'update-status');
  expect(juju.statuses.map((s) => s.message)).toEqual(['Ready', 'Ready (2 agents)']);
});

test('a status set by a hook that then failed is what Juju shows: the retry sets its status again (issue 14 item 6)', async () => {
  let fail = false;
  whenNot('never').do(async function status() {
    await setStatus(fail ? 'maintenance' : 'active', fail ? 'Configuring' : 'Ready');
    if (fail) throw new Error('killed after the status');
  });
  await runWith(juju, dir, 'install');
  fail = true;
  expect((await runWith(juju, dir, 'config-changed')).exitCode).toBe(1);
  fail = false;
  expect((await runWith(juju, dir, 'config-changed')).exitCode).toBe(0);
  // status-set of the failed hook took effect at once; the unit state still says "active Ready" (not committed),
  // so a cache kept there would have skipped this last status-set and left "maintenance Configuring".
  expect(juju.statuses.map((s) => `${s.status} ${s.message}`)).toEqual(['active Ready', 'maintenance Configuring', 'active Ready']);
});

test('hook handlers run in the hooks phase, before the other phase, and get the relation endpoint', async () => {
  class Agent extends Endpoint {}
  registerEndpoint('flume-agent', Agent, { role: 'requires' });
  juju.relate('flume-agent:1', 'hdfs', { 'hdfs/0': {} });
  const got: unknown[] = [];
  when('endpoint.flume-agent.joined').do(function other() {});
  hook('{requires:flume-agent}-relation-{joined,changed}').do(function relHook(endpoint: Agent) {
    got.push(endpoint);
  });
  hook('install').do(function installHook() {});
  const run = await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:1', 'hdfs/0'));
  expect(invoked(run)).toEqual(['relHook', 'other']);
  expect(got).toHaveLength(1);
  expect(got[0]).toBeInstanceOf(Agent);
});

test('a hook() written before its relation was registered matches once it is (the expansion follows the registrations)', async () => {
  hook('{requires:flume-agent}-relation-changed').do(function late() {});
  expect(invoked(await runWith(juju, dir, 'upstream-relation-changed'))).toEqual([]);
  class Agent extends Endpoint {}
  registerEndpoint('upstream', Agent, { role: 'requires', interface: 'flume-agent' });
  juju.relate('upstream:1', 'hdfs', { 'hdfs/0': {} });
  expect(invoked(await runWith(juju, dir, 'upstream-relation-changed', relationEnv('upstream:1', 'hdfs/0')))).toEqual(['late']);
});

test('main() hands its hook over, unrun, when a startup-snapshot builder asks for it (charm-build snapshot-entry.ts)', async () => {
  const key = Symbol.for('flume-charms.defer-hook');
  const handed: unknown[] = [];
  (globalThis as Record<symbol, unknown>)[key] = (deferred: unknown) => handed.push(deferred);
  let ran = false;
  when('never.set').do(function handler() {
    ran = true;
  });
  try {
    await main({ env: { JUJU_UNIT_NAME: 'x/0', JUJU_CHARM_DIR: dir, JUJU_DISPATCH_PATH: 'hooks/install' } });
  } finally {
    delete (globalThis as Record<symbol, unknown>)[key];
  }
  expect(handed).toHaveLength(1);
  expect(typeof handed[0]).toBe('function');
  expect(ran).toBe(false);
  expect(juju.calls).toEqual([]);
  expect(readdirSync(dir)).not.toContain('.unit-state.json');
});

test('actions: results go to action-set; a thrown error goes to action-fail and the unit does not fail', async () => {
  juju.actionParams = { lines: 5 };
  action('tail', (params) => ({ result: 'ok', lines: { count: params.lines ?? 0 } }));
  action('explode', () => {
    throw new Error('no log yet');
  });
  const ok = await runWith(juju, dir, 'tail', { JUJU_DISPATCH_PATH: 'actions/tail' });
  expect(ok).toMatchObject({ exitCode: 0, action: 'completed' });
  expect(juju.actionResults).toEqual(['result=ok', 'lines.count=5']);
  const failed = await runWith(juju, dir, 'explode', { JUJU_DISPATCH_PATH: 'actions/explode', JUJU_ACTION_NAME: 'explode' });
  expect(failed).toMatchObject({ exitCode: 0, action: 'failed' });
  expect(juju.actionFailures).toEqual(['no log yet']);
});

test('the hook context is available to handlers; outside a hook, flags and context fail clearly', async () => {
  let seen = '';
  whenNot('never').do(function look() {
    seen = `${hookContext().hookName} ${hookContext().unitName}`;
  });
  await runWith(juju, dir, 'start');
  expect(seen).toBe('start sink/0');
  expect(() => getFlags()).toThrow(NoHookRunningError);
  expect(() => hookContext()).toThrow(NoHookRunningError);
});

test('a handler loop that never settles fails the hook with DispatchCycleError naming the handlers', async () => {
  whenNot('ping').do(function setPing() {
    setFlag('ping');
  });
  when('ping').do(function clearPing() {
    clearFlag('ping');
  });
  const run = await runWith(juju, dir, 'install', {}, { maxIterations: 10 });
  expect(run.exitCode).toBe(1);
  expect(run.error).toBeInstanceOf(DispatchCycleError);
  expect((run.error as Error).message).toMatch(/did not settle after 10 iterations; still matching: (setPing|clearPing)/);
  expect(readdirSync(dir)).toEqual([]);
});
