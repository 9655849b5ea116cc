import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleTestCharm, Model } from '../src';

describe('a charm written with @flume-charms/reactive', () => {
  let charm: string;
  let model: Model;
  beforeAll(async () => {
    charm = await bundleTestCharm(join(__dirname, 'charms', 'reactive-probe'));
  });
  afterAll(async () => {
    await rm(charm, { recursive: true, force: true });
  });
  beforeEach(async () => {
    model = await Model.create();
  });
  afterEach(async () => {
    await model.destroy();
  });

  test('publishes over the relation; the remote side hears it in relation-changed', async () => {
    await model.deploy(charm, { name: 'pub', units: 1 });
    await model.deploy(charm, { name: 'sub', units: 2 });
    await model.settle();
    expect(model.status().applications.map((a) => a.status)).toEqual([
      { status: 'waiting', message: 'no relations' },
      { status: 'waiting', message: 'no relations' },
    ]);
    const id = model.relate('pub:db', 'sub:backend');
    const settled = await model.settle();
    expect(settled.errors).toEqual([]);
    expect(model.relationData(id, 'pub/0')['message']).toBe('hello');
    expect(model.unitStatus('sub/1').workload).toEqual({ status: 'active', message: 'heard pub/0=hello' });
    expect(model.unitStatus('pub/0').workload).toEqual({ status: 'active', message: 'serving hello' });
    // The unit state (flags and kv) persists in each unit's own charm copy.
    const state = JSON.parse(model.unitFile('sub/0', '.unit-state.json')) as Record<string, unknown>;
    expect(JSON.stringify(state)).toContain('backend.connected');
  });

  test('a handler error fails the hook: nothing staged is published, and resolve retries it', async () => {
    await model.deploy(charm, { name: 'pub', units: 1 });
    await model.deploy(charm, { name: 'sub', units: 1 });
    const id = model.relate('pub:db', 'sub:backend');
    await model.settle();
    const subRuns = model.hookRuns.filter((r) => r.unit === 'sub/0').length;
    model.config('pub', { message: 'boom' });
    const failed = await model.settle();
    expect(failed.errors).toEqual([{ unit: 'pub/0', hook: 'config-changed' }]);
    expect(model.relationData(id, 'pub/0')['message']).toBe('hello');
    expect(model.hookRuns.filter((r) => r.unit === 'sub/0')).toHaveLength(subRuns);
    expect(model.hookRuns.at(-1)?.stderr).toContain('boom requested');

    model.config('pub', { message: 'fixed' });
    model.resolve('pub/0');
    await model.settle();
    expect(model.relationData(id, 'pub/0')['message']).toBe('fixed');
    expect(model.unitStatus('sub/0').workload.message).toBe('heard pub/0=fixed');
    expect(model.hookRuns.some((r) => r.unit === 'sub/0' && r.hook === 'backend-relation-changed' && r.remoteUnit === 'pub/0')).toBe(true);
  });

  test('actions run through the reactive action handler', async () => {
    await model.deploy(charm, { name: 'pub', units: 1, config: { message: 'quiet' } });
    await model.settle();
    expect(await model.runAction('pub/0', 'shout')).toMatchObject({ status: 'completed', results: { shouted: 'QUIET' } });
  });

  test('action-fail and action-log messages that start with a dash arrive as text (after --, as jujuc takes them)', async () => {
    await model.deploy(charm, { name: 'pub', units: 1 });
    await model.settle();
    const result = await model.runAction('pub/0', 'refuse');
    expect(result).toMatchObject({ status: 'failed', message: '--force is not allowed', log: ['-v is not a log level'] });
    const calls = model.toolCalls.filter((call) => call.tool === 'action-fail' || call.tool === 'action-log');
    expect(calls.map((call) => [call.tool, call.exitCode])).toEqual([['action-log', 0], ['action-fail', 0]]);
  });
});
