import { Model } from '../src';
import { labels, PROBE } from './support/probe';

describe('commit on success only', () => {
  let model: Model;
  beforeEach(async () => {
    model = await Model.create();
  });
  afterEach(async () => {
    await model.destroy();
  });

  test('a failed hook commits no relation data, ports or state, but its status-set stays', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1 });
    await model.deploy(PROBE, { name: 'right', units: 1 });
    await model.settle();
    const id = model.relate('left:db', 'right:backend');
    model.config('left', { 'fail-hook': 'db-relation-joined' });
    const result = await model.settle();
    expect(result.errors).toEqual([{ unit: 'left/0', hook: 'db-relation-joined' }]);
    const leftBag = model.relationData(id, 'left/0');
    expect(leftBag['doomed']).toBeUndefined();
    expect(leftBag['private-address']).toBe(model.status().applications[0]?.units[0]?.address);
    expect(model.status().applications[0]?.units[0]?.ports).toEqual(['8080/tcp']);
    expect(model.charmState('left/0')['failed']).toBeUndefined();
    // status-set is not rolled back: the history has the status the failing hook set.
    const status = model.unitStatus('left/0');
    expect(status.history.at(-1)).toMatchObject({ status: 'blocked', message: 'failing db-relation-joined' });
    expect(status.workload).toEqual({ status: 'error', message: 'hook failed: "db-relation-joined"' });
    // The unit's queue stopped at the failed hook.
    expect(model.queuedHooks('left/0')[0]).toBe('db-relation-joined (db:2, remote right/0)');
  });

  test('relation-set becomes visible remotely only after the hook succeeds, and triggers relation-changed there', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1, config: { message: 'one' } });
    await model.deploy(PROBE, { name: 'right', units: 1 });
    const id = model.relate('left:db', 'right:backend');
    await model.settle();
    expect(model.relationData(id, 'left/0')['message']).toBe('one');
    expect(model.relationData(id, 'right/0')['seen-left-0']).toBe('one');

    // config-changed publishes the new message, then fails: right must not see it, nor run a hook.
    model.config('left', { message: 'two', 'fail-hook': 'config-changed' });
    const runsBefore = model.hookRuns.length;
    await model.settle();
    expect(model.relationData(id, 'left/0')['message']).toBe('one');
    expect(model.hookRuns.slice(runsBefore).filter((r) => r.unit === 'right/0')).toEqual([]);

    // Fixing the config queues another config-changed behind the failed one; resolve retries, both succeed.
    model.config('left', { 'fail-hook': '' });
    model.resolve('left/0');
    const rightBefore = labels(model, 'right/0').length;
    await model.settle();
    expect(model.relationData(id, 'left/0')['message']).toBe('two');
    const rightAfter = labels(model, 'right/0').slice(rightBefore);
    expect(rightAfter).toContain('backend-relation-changed left/0');
    expect(model.relationData(id, 'right/0')['seen-left-0']).toBe('two');
  });

  test('leader data and charm state are committed on success; leader-set reaches the minions', async () => {
    await model.deploy(PROBE, { name: 'left', units: 2 });
    await model.settle();
    expect(model.leaderData('left')).toEqual({ leader: 'left/0' });
    expect(model.charmState('left/0')).toEqual({ 'last-hook': 'start' });
    const minion = labels(model, 'left/1');
    expect(minion.filter((l) => l === 'leader-settings-changed').length).toBeGreaterThanOrEqual(1);
  });
});

describe('error, then resolve', () => {
  let model: Model;
  beforeEach(async () => {
    model = await Model.create();
  });
  afterEach(async () => {
    await model.destroy();
  });

  test('install fails, the unit is in error and stops its queue until resolve() retries the hook', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1, config: { 'fail-hook': 'install' } });
    const first = await model.settle();
    expect(first.errors).toEqual([{ unit: 'left/0', hook: 'install' }]);
    const unit = model.status().applications[0]?.units[0];
    expect(unit?.workload).toEqual({ status: 'error', message: 'hook failed: "install"' });
    expect(unit?.agent).toBe('error');
    expect(labels(model, 'left/0')).toEqual(['install']);
    // Still failing: resolve retries, fails again.
    model.resolve('left/0');
    await model.settle();
    expect(labels(model, 'left/0')).toEqual(['install', 'install']);
    // Fix the config; the retry sees the new config (as a retried Juju hook would) and the queue goes on.
    model.config('left', { 'fail-hook': '' });
    model.resolve('left/0');
    const done = await model.settle();
    expect(done.errors).toEqual([]);
    expect(labels(model, 'left/0').slice(0, 5)).toEqual(['install', 'install', 'install', 'cluster-relation-created', 'leader-elected']);
    expect(model.status().applications[0]?.units[0]?.workload).toEqual({ status: 'active', message: 'hello' });
  });

  test('resolve without retry skips the failed hook', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1, config: { 'fail-hook': 'start' } });
    await model.settle();
    model.resolve('left/0', { retry: false });
    model.config('left', { 'fail-hook': '' });
    await model.settle();
    const hooks = labels(model, 'left/0');
    expect(hooks.filter((h) => h === 'start')).toHaveLength(1);
    expect(hooks.at(-1)).toBe('config-changed');
    expect(() => model.resolve('left/0')).toThrow('not in an error state');
  });
});
