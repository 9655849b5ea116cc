import { Model } from '../src';
import { labels, PROBE, trace } from './support/probe';

describe('departed and broken semantics', () => {
  let model: Model;
  beforeEach(async () => {
    model = await Model.create();
  });
  afterEach(async () => {
    await model.destroy();
  });

  async function related(): Promise<number> {
    await model.deploy(PROBE, { name: 'left', units: 2 });
    await model.deploy(PROBE, { name: 'right', units: 1 });
    const id = model.relate('left:db', 'right:backend');
    await model.settle();
    return id;
  }

  test('remove unit: departed on the others with JUJU_DEPARTING_UNIT, then departed/broken, stop, remove on the leaving unit', async () => {
    const id = await related();
    const seenBefore = trace(model, 'right/0').length;
    model.removeUnit('left/1');
    const result = await model.settle();
    expect(result.errors).toEqual([]);

    const right = trace(model, 'right/0').slice(seenBefore);
    expect(right).toEqual([
      expect.objectContaining({ hook: 'backend-relation-departed', remote: 'left/1', departing: 'left/1', relation: `backend:${id}` }),
    ]);
    const peer = trace(model, 'left/0').filter((t) => t.hook === 'cluster-relation-departed');
    expect(peer).toEqual([expect.objectContaining({ remote: 'left/1', departing: 'left/1' })]);

    // Per relation: departed for each remote unit, then broken; stop and remove come last.
    const leaving = labels(model, 'left/1');
    const tail = leaving.slice(leaving.indexOf('cluster-relation-departed left/0'));
    expect(tail).toEqual(['cluster-relation-departed left/0', 'cluster-relation-broken', 'db-relation-departed right/0', 'db-relation-broken', 'stop', 'remove']);
    const departedOnLeaving = trace(model, 'left/1').find((t) => t.hook === 'db-relation-departed');
    expect(departedOnLeaving?.departing).toBe('left/1');
    const broken = trace(model, 'left/1').find((t) => t.hook === 'db-relation-broken');
    expect(broken).toMatchObject({ relation: `db:${id}`, remoteApp: 'right' });
    expect(broken?.remote).toBeUndefined();

    expect(model.units('left')).toEqual(['left/0']);
    expect(model.status().applications.find((a) => a.name === 'left')?.scale).toBe(1);
    // A departed unit's data stays readable for the lifetime of the relation.
    expect(model.relationData(id, 'left/1')['message']).toBe('hello');
  });

  test('removing the leader elects another unit, which runs leader-elected', async () => {
    await related();
    model.removeUnit('left/0');
    await model.settle();
    expect(model.unitStatus('left/1').leader).toBe(true);
    expect(labels(model, 'left/1')).toContain('leader-elected');
    expect(model.leaderData('left')).toEqual({ leader: 'left/1' });
  });

  test('remove relation: departed for each remote unit, then broken, on both sides; the relation disappears', async () => {
    const id = await related();
    model.removeRelation('right:backend left:db');
    expect(model.status().relations.find((r) => r.id === id)?.life).toBe('dying');
    await model.settle();
    for (const unit of ['left/0', 'left/1']) {
      const tail = labels(model, unit).filter((l) => l.startsWith('db-')).slice(-2);
      expect(tail).toEqual(['db-relation-departed right/0', 'db-relation-broken']);
    }
    const right = labels(model, 'right/0').filter((l) => l.startsWith('backend-')).slice(-3);
    expect(right).toEqual(['backend-relation-departed left/0', 'backend-relation-departed left/1', 'backend-relation-broken']);
    expect(model.relationIds('right')).not.toContain(id);
    expect(() => model.relationData(id, 'left/0')).toThrow('not found');
  });

  test('a unit removed before it ran its joined hook gets no departed on the other side', async () => {
    await model.deploy(PROBE, { name: 'left', units: 1 });
    await model.deploy(PROBE, { name: 'right', units: 1 });
    model.relate('left:db', 'right:backend');
    model.removeUnit('right/0');
    await model.settle();
    const left = labels(model, 'left/0').filter((l) => l.startsWith('db-'));
    expect(left).toEqual(['db-relation-created']);
  });
});
