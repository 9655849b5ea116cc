import { Model } from '../src';
import { labels, PROBE, trace } from './support/probe';

describe('hook order, as Juju schedules it', () => {
  let model: Model;
  beforeEach(async () => {
    model = await Model.create({ concurrency: 2 });
  });
  afterEach(async () => {
    await model.destroy();
  });

  test('deploy: install, relation-created (peers), leader-elected or leader-settings-changed, config-changed, start', async () => {
    await model.deploy(PROBE, { name: 'left', units: 2 });
    const result = await model.settle();
    expect(result.errors).toEqual([]);
    // More relation-changed hooks follow: left/1 publishes what it saw of left/0, and left/0 hears of it.
    expect(labels(model, 'left/0').slice(0, 7)).toEqual([
      'install',
      'cluster-relation-created',
      'leader-elected',
      'config-changed',
      'start',
      'cluster-relation-joined left/1',
      'cluster-relation-changed left/1',
    ]);
    expect(labels(model, 'left/1').slice(0, 5)).toEqual(['install', 'cluster-relation-created', 'leader-settings-changed', 'config-changed', 'start']);
    expect(trace(model, 'left/0')[0]?.leader).toBe(true);
    expect(trace(model, 'left/1')[0]?.leader).toBe(false);
  });

  test('relate: relation-created on both sides first, then joined immediately followed by changed per remote unit', async () => {
    await model.deploy(PROBE, { name: 'left', units: 2 });
    await model.deploy(PROBE, { name: 'right', units: 1 });
    await model.settle();
    const before = model.hookRuns.length;
    const id = model.relate('left:db', 'right:backend');
    await model.settle();
    const runs = model.hookRuns.slice(before);
    const created = runs.filter((r) => r.hook.endsWith('-relation-created'));
    const firstJoined = runs.findIndex((r) => r.hook.endsWith('-relation-joined'));
    expect(created.map((r) => r.unit).sort()).toEqual(['left/0', 'left/1', 'right/0']);
    expect(Math.max(...created.map((r) => runs.indexOf(r)))).toBeLessThan(firstJoined);

    const right = labels(model, 'right/0').filter((l) => l.startsWith('backend-'));
    expect(right.slice(0, 5)).toEqual([
      'backend-relation-created',
      'backend-relation-joined left/0',
      'backend-relation-changed left/0',
      'backend-relation-joined left/1',
      'backend-relation-changed left/1',
    ]);
    for (const unit of ['left/0', 'left/1']) {
      const left = labels(model, unit).filter((l) => l.startsWith('db-'));
      expect(left.slice(0, 3)).toEqual(['db-relation-created', 'db-relation-joined right/0', 'db-relation-changed right/0']);
      expect(trace(model, unit).find((t) => t.hook === 'db-relation-joined')?.relation).toBe(`db:${id}`);
    }
  });

  test('config change queues config-changed once per unit; an unchanged value queues nothing', async () => {
    await model.deploy(PROBE, { name: 'left', units: 2 });
    await model.settle();
    const before = model.hookRuns.length;
    model.config('left', { message: 'a' });
    model.config('left', { message: 'b' });
    model.config('left', { message: 'b' });
    await model.settle();
    const hooks = model.hookRuns.slice(before).filter((r) => r.hook === 'config-changed');
    expect(hooks.map((r) => r.unit).sort()).toEqual(['left/0', 'left/1']);
    expect(model.status().applications[0]?.units.map((u) => u.workload.message)).toEqual(['b', 'b']);
  });

  test('add unit: the new unit installs and joins; the existing units see it join', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1 });
    await model.deploy(PROBE, { name: 'right', units: 1 });
    model.relate('left:db', 'right:backend');
    await model.settle();
    const [added] = await model.addUnit('right');
    await model.settle();
    expect(added).toBe('right/1');
    const newcomer = labels(model, 'right/1');
    expect(newcomer.slice(0, 6)).toEqual(['install', 'cluster-relation-created', 'backend-relation-created', 'leader-settings-changed', 'config-changed', 'start']);
    expect(newcomer).toContain('backend-relation-joined left/0');
    const left = labels(model, 'left/0');
    const joinedAt = left.indexOf('db-relation-joined right/1');
    expect(joinedAt).toBeGreaterThan(-1);
    expect(left[joinedAt + 1]).toBe('db-relation-changed right/1');
    expect(labels(model, 'right/0')).toContain('cluster-relation-joined right/1');
  });

  test('upgrade-charm is followed by config-changed; update-status runs on every unit', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1 });
    await model.settle();
    await model.upgradeCharm('left');
    model.updateStatus();
    await model.settle();
    expect(labels(model, 'left/0').slice(-3)).toEqual(['upgrade-charm', 'config-changed', 'update-status']);
    expect(model.status().applications[0]?.charmRevision).toBe(1);
  });
});
