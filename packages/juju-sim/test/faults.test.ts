import { writeFileSync } from 'node:fs';
import { HookStormError, Model } from '../src';
import { labels, PROBE, TOOLBOX } from './support/probe';

describe('fault injection', () => {
  let model: Model;
  beforeEach(async () => {
    model = await Model.create();
  });
  afterEach(async () => {
    await model.destroy();
  });

  test('a hook tool made to fail N times fails the hook; resolve retries it', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1 });
    await model.settle();
    model.faults.failTool('config-get', { times: 2, unit: 'left/0' });
    model.config('left', { message: 'x' });
    await model.settle();
    expect(model.unitStatus('left/0').error).toBe('config-changed');
    const injected = model.toolCalls.filter((c) => c.fault === 'fail');
    expect(injected).toEqual([expect.objectContaining({ tool: 'config-get', unit: 'left/0', hook: 'config-changed', exitCode: 1 })]);
    expect(model.hookRuns.at(-1)?.stderr).toContain('ERROR injected failure of config-get');
    model.resolve('left/0');
    await model.settle();
    expect(model.unitStatus('left/0').error).toBe('config-changed');
    model.resolve('left/0');
    const done = await model.settle();
    expect(done.errors).toEqual([]);
    expect(model.status().applications[0]?.units[0]?.workload.message).toBe('x');
    expect(model.faults.pending()).toEqual({ tools: 0, kills: 0 });
  });

  test('a hook killed with SIGKILL after K tool calls commits nothing and leaves the unit in error', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1 });
    await model.deploy(PROBE, { name: 'right', units: 1 });
    const id = model.relate('left:db', 'right:backend');
    await model.settle();
    // probe's config-changed: is-leader, config-get, open-port, status-set, state-set, relation-ids, relation-set...
    model.faults.killHook('left/0', { afterToolCalls: 6, hook: 'config-changed' });
    model.config('left', { message: 'changed' });
    await model.settle();
    const killed = model.hookRuns.at(-1);
    expect(killed).toMatchObject({ unit: 'left/0', hook: 'config-changed', signal: 'SIGKILL', exitCode: null, ok: false, toolCalls: 7 });
    expect(model.toolCalls.at(-1)).toMatchObject({ fault: 'kill', exitCode: null });
    expect(model.unitStatus('left/0').error).toBe('config-changed');
    expect(model.relationData(id, 'left/0')['message']).toBe('hello');
    // status-set (call 4) took effect although the hook died.
    expect(model.unitStatus('left/0').history.at(-1)).toMatchObject({ status: 'active', message: 'changed' });
    model.resolve('left/0');
    await model.settle();
    expect(model.relationData(id, 'left/0')['message']).toBe('changed');
  });

  test('a machine command can be made to fail', async () => {
    await model.deploy(TOOLBOX, { name: 'box', units: 1 });
    await model.settle();
    writeFileSync(model.unitPath('box/0', 'script.sh'), '[ "$JUJU_HOOK_NAME" = update-status ] || exit 0\napt-get install -y foo\n');
    model.faults.failTool('apt-get', { exitCode: 100, stderr: 'E: Could not get lock /var/lib/dpkg/lock-frontend\n' });
    model.updateStatus();
    await model.settle();
    expect(model.hookRuns.at(-1)).toMatchObject({ hook: 'update-status', exitCode: 100 });
    expect(model.hookRuns.at(-1)?.stderr).toContain('Could not get lock');
    model.resolve('box/0');
    await model.settle();
    expect(model.machine('box/0').packages.has('foo')).toBe(true);
  });

  test('settle() stops a hook storm with a clear error', async () => {
    await model.deploy(TOOLBOX, { name: 'box', units: 1 });
    await model.deploy(TOOLBOX, { name: 'up', units: 1 });
    await model.settle();
    // Each side writes a new value whenever the other changes: they never settle.
    const storm = 'case "$JUJU_HOOK_NAME" in *-relation-changed) relation-set "n=$RANDOM$RANDOM" ;; esac\n';
    writeFileSync(model.unitPath('box/0', 'script.sh'), storm);
    writeFileSync(model.unitPath('up/0', 'script.sh'), storm);
    model.relate('box:api', 'up:upstream');
    const error = await model.settle({ maxHooks: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookStormError);
    expect((error as HookStormError).message).toMatch(/hook storm: more than 20 hooks without settling \(most frequent: (box\/0 api|up\/0 upstream)-relation-changed x\d+/);
  });
});

describe('actions', () => {
  let model: Model;
  beforeAll(async () => {
    model = await Model.create();
    await model.deploy(PROBE, { name: 'left', units: 1 });
    await model.settle();
  });
  afterAll(async () => {
    await model.destroy();
  });

  test('an action gets its params and returns its results', async () => {
    const result = await model.runAction('left/0', 'echo', { text: 'hi' });
    expect(result).toMatchObject({ unit: 'left/0', name: 'echo', status: 'completed', results: { echoed: 'hi' } });
    expect(labels(model, 'left/0').at(-1)).toBe('echo');
  });

  test('action-fail fails the action, not the unit', async () => {
    const result = await model.runAction('left/0', 'explode');
    expect(result).toMatchObject({ status: 'failed', message: 'boom' });
    expect(model.unitStatus('left/0').error).toBeUndefined();
  });

  test('bad action requests are rejected before anything runs', async () => {
    await expect(model.runAction('left/0', 'nope')).rejects.toThrow('action "nope" not defined by left');
    await expect(model.runAction('left/0', 'echo')).rejects.toThrow('missing required parameter "text"');
    await expect(model.runAction('left/0', 'echo', { text: 3 })).rejects.toThrow('parameter "text" must be string');
  });
});
