import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCharmMeta, Model, ModelError, NotFoundError, runScenario } from '../src';
import { PROBE, TOOLBOX } from './support/probe';
import { STORAGE_PROBE, storageLabels, storageTrace } from './support/storage-probe';
import { runInHook } from './support/toolbox';

describe('storage: hooks, locations and lifecycle, as Juju runs them on machines', () => {
  let model: Model;
  beforeEach(async () => {
    model = await Model.create();
  });
  afterEach(async () => {
    await model.destroy();
  });

  test('metadata: multiple.range gives the count bounds; no multiple is a required singleton', () => {
    const { storage } = loadCharmMeta(STORAGE_PROBE);
    expect(storage.get('data')).toMatchObject({ type: 'filesystem', location: '/srv/data', countMin: 0, countMax: 3 });
    expect(storage.get('cache')).toMatchObject({ countMin: 0, countMax: 1 });
    expect(storage.get('scratch')).toMatchObject({ countMin: 1, countMax: 1 });
    expect(storage.get('scratch')?.location).toBeUndefined();
  });

  test('storage present at deploy: every NAME-storage-attached runs before install, with JUJU_STORAGE_ID', async () => {
    await model.deploy(STORAGE_PROBE, { name: 'sp', units: 2, storage: { data: 2, cache: 1 } });
    expect((await model.settle()).errors).toEqual([]);
    for (const unit of ['sp/0', 'sp/1']) {
      const labels = storageLabels(model, unit);
      const install = labels.indexOf('install');
      expect(labels.slice(0, install).map((l) => l.split(' ')[0]).sort()).toEqual([
        'cache-storage-attached',
        'data-storage-attached',
        'data-storage-attached',
        'scratch-storage-attached', // required: provisioned although the deploy did not name it
      ]);
      expect(labels.slice(install)).toEqual(['install', 'leader-elected', 'config-changed', 'start'].map((h) => (unit === 'sp/1' && h === 'leader-elected' ? 'leader-settings-changed' : h)));
    }
    // Storage ids are numbered model-wide per storage name.
    expect(model.storage('sp/0').map((s) => s.id)).toEqual(['data/0', 'data/1', 'cache/0', 'scratch/0']);
    expect(model.storage('sp/1').map((s) => s.id)).toEqual(['data/2', 'data/3', 'cache/1', 'scratch/1']);
    const attached = storageTrace(model, 'sp/0').filter((t) => t.storage !== undefined);
    // Locations as the charm sees them: a singleton at `location`, several under `location/ID`, none at Juju's dir.
    expect(Object.fromEntries(attached.map((t) => [t.storage, t.get]))).toEqual({
      'data/0': { kind: 'filesystem', location: '/srv/data/data/0' },
      'data/1': { kind: 'filesystem', location: '/srv/data/data/1' },
      'cache/0': { kind: 'filesystem', location: '/var/cache/probe' },
      'scratch/0': { kind: 'filesystem', location: '/var/lib/juju/storage/scratch/0' },
    });
    // Every attachment is listed from the first hook on (all were provisioned with the unit), sorted by tag.
    expect(attached[0]?.list).toEqual(['cache/0', 'data/0', 'data/1', 'scratch/0']);
    // Each is a directory under the unit's root, where the charm's marker landed.
    for (const s of model.storage('sp/0')) {
      expect(s.hostPath).toBe(model.unitPath('sp/0', s.location));
      expect(readFileSync(join(s.hostPath, 'marker'), 'utf8')).toBe(`${s.id}\n`);
      expect(s).toMatchObject({ life: 'alive', attached: true });
    }
    expect(model.hookRuns.find((r) => r.hook === 'cache-storage-attached')?.storageId).toMatch(/^cache\/\d$/);
  });

  test('deploy refuses counts outside the charm range, unknown stores and missing required storage', async () => {
    await expect(model.deploy(STORAGE_PROBE, { name: 'a', storage: { data: 4 } })).rejects.toThrow('storage "data": at most 3 instances supported, 4 specified');
    await expect(model.deploy(STORAGE_PROBE, { name: 'b', storage: { scratch: 0 } })).rejects.toThrow('storage "scratch": at least 1 instances required, 0 specified');
    await expect(model.deploy(STORAGE_PROBE, { name: 'c', storage: { nope: 1 } })).rejects.toThrow('charm "storage-probe" has no store called "nope"');
    await expect(model.deploy(PROBE, { name: 'd', storage: { data: 1 } })).rejects.toBeInstanceOf(ModelError);
  });

  test('storage added later is attached next, ahead of hooks already waiting', async () => {
    await model.deploy(STORAGE_PROBE, { name: 'sp' });
    await model.settle();
    model.updateStatus('sp');
    expect(model.addStorage('sp/0', 'data', 2)).toEqual(['data/0', 'data/1']);
    expect(model.queuedHooks('sp/0')).toEqual(['data-storage-attached (storage data/0)', 'data-storage-attached (storage data/1)', 'update-status']);
    await model.settle();
    const trace = storageTrace(model, 'sp/0');
    expect(trace.slice(-3).map((t) => t.storage ?? t.hook)).toEqual(['data/0', 'data/1', 'update-status']);
    expect(trace.at(-1)?.list).toEqual(['data/0', 'data/1', 'scratch/0']);
    expect(() => model.addStorage('sp/0', 'data', 2)).toThrow('attaching 2 storage instances brings the total to 4, exceeding the maximum of 3');
    expect(() => model.addStorage('sp/0', 'nope')).toThrow(NotFoundError);
  });

  test('detach: storage-detaching sees the storage, then it is unmounted; the volume keeps the files', async () => {
    await model.deploy(STORAGE_PROBE, { name: 'sp', storage: { cache: 1 } });
    await model.settle();
    const cache = model.storage('sp/0').find((s) => s.id === 'cache/0');
    model.detachStorage('cache/0');
    expect(() => model.detachStorage('cache/0')).toThrow('already being detached');
    expect(model.storage('sp/0').find((s) => s.id === 'cache/0')?.life).toBe('dying');
    await model.settle();
    const detaching = storageTrace(model, 'sp/0').at(-1);
    expect(detaching).toMatchObject({ hook: 'cache-storage-detaching', storage: 'cache/0', get: { location: '/var/cache/probe' }, markerBeforeUnmount: true });
    expect(detaching?.list).toEqual(['cache/0', 'scratch/0']);
    expect(model.storage('sp/0').map((s) => s.id)).toEqual(['scratch/0']);
    // The bare mount point stays on the machine; the files went with the volume.
    expect(readdirSync(cache?.hostPath ?? '')).toEqual([]);
    expect(readFileSync(join(model.dir, 'units', 'sp-0', 'storage', 'cache-0', 'marker'), 'utf8')).toBe('cache/0\n');
    expect(() => model.detachStorage('scratch/0')).toThrow('charm requires at least 1 "scratch" storage instances');
    expect(() => model.detachStorage('cache/0')).toThrow(NotFoundError);
  });

  test('storage detached before its storage-attached ran is dropped without any hook', async () => {
    await model.deploy(STORAGE_PROBE, { name: 'sp' });
    await model.settle();
    const before = model.hookRuns.length;
    const [id] = model.addStorage('sp/0', 'data');
    model.detachStorage(id ?? '');
    await model.settle();
    expect(model.hookRuns.length).toBe(before);
    expect(model.storage('sp/0').map((s) => s.id)).toEqual(['scratch/0']);
  });

  test('remove unit: storage-detaching first, then departed and broken, stop and remove', async () => {
    await model.deploy(STORAGE_PROBE, { name: 'sp', storage: { data: 1 } });
    await model.deploy(PROBE, { name: 'right' });
    model.relate('sp:db', 'right:backend');
    await model.settle();
    const before = storageTrace(model, 'sp/0').length;
    model.removeUnit('sp/0');
    expect((await model.settle()).errors).toEqual([]);
    const after = storageLabels(model, 'sp/0').slice(before);
    expect(after.slice(0, 2).sort()).toEqual(['data-storage-detaching data/0', 'scratch-storage-detaching scratch/0']);
    expect(after.slice(2)).toEqual(['db-relation-departed', 'db-relation-broken', 'stop', 'remove']);
  });

  test('scenario steps: deploy with storage, add-storage, detach-storage', async () => {
    await runScenario(
      model,
      { steps: [{ deploy: { charm: STORAGE_PROBE, name: 'sp', storage: { data: 1 } } }, { 'add-storage': { unit: 'sp/0', name: 'cache' } }, { 'detach-storage': 'data/0' }] },
      '/',
    );
    expect(model.storage('sp/0').map((s) => s.id)).toEqual(['scratch/0', 'cache/0']);
    expect(storageLabels(model, 'sp/0').filter((l) => l.includes('-storage-'))).toEqual(
      expect.arrayContaining(['data-storage-attached data/0', 'cache-storage-attached cache/0', 'data-storage-detaching data/0']),
    );
  });

  test('a failed storage-attached stops the unit in error; resolve retries it before install', async () => {
    await model.deploy(STORAGE_PROBE, { name: 'sp', config: { 'fail-hook': 'scratch-storage-attached' } });
    const first = await model.settle();
    expect(first.errors).toEqual([{ unit: 'sp/0', hook: 'scratch-storage-attached' }]);
    expect(model.storage('sp/0')[0]?.attached).toBe(false);
    model.config('sp', { 'fail-hook': '' });
    model.resolve('sp/0');
    await model.settle();
    expect(storageLabels(model, 'sp/0').slice(0, 3)).toEqual(['scratch-storage-attached scratch/0', 'scratch-storage-attached scratch/0', 'install']);
    expect(model.storage('sp/0')[0]?.attached).toBe(true);
  });
});

describe('storage-get and storage-list answer as jujuc', () => {
  let model: Model;
  beforeAll(async () => {
    model = await Model.create();
    await model.deploy(TOOLBOX, { name: 'box', storage: { data: 2, cache: 1 } });
    await model.settle();
  });
  afterAll(async () => {
    await model.destroy();
  });

  test('formats: json, smart (the value, or YAML for the map), yaml; -s ID; -o FILE', async () => {
    const out = await runInHook(model, 'box/0', [
      ['storage-get', '--format=json', '-s', 'cache/0', 'location'],
      ['storage-get', '--format=json', '-s', 'cache/0'],
      ['storage-get', '-s', 'data/1', 'location'],
      ['storage-get', '-s', 'data/1'],
      ['storage-list', '--format=json'],
      ['storage-list'],
      ['storage-list', '--format=yaml', 'data'],
      ['storage-list', '--format=json', 'dat'],
      ['storage-get', '-s', 'cache/0', '-o', 'where.txt', 'kind'],
    ]);
    expect(out.map((o) => o.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(out[0]?.stdout).toBe('"/var/cache/toolbox"\n');
    expect(out[1]?.stdout).toBe('{"kind":"filesystem","location":"/var/cache/toolbox"}\n');
    expect(out[2]?.stdout).toBe('/srv/data/data/1\n');
    expect(out[3]?.stdout).toBe('kind: filesystem\nlocation: /srv/data/data/1\n');
    expect(out[4]?.stdout).toBe('["cache/0","data/0","data/1"]\n');
    expect(out[5]?.stdout).toBe('cache/0\ndata/0\ndata/1\n');
    expect(out[6]?.stdout).toBe('- data/0\n- data/1\n');
    expect(out[7]?.stdout).toBe('[]\n');
    expect(model.unitFile('box/0', 'where.txt')).toBe('filesystem\n');
  });

  test('usage errors exit 2, runtime errors exit 1, with ERROR messages as jujuc', async () => {
    const out = await runInHook(model, 'box/0', [
      ['storage-get', '--format=json', 'location'],
      ['storage-get', '-s', 'Data', 'location'],
      ['storage-get', '-s', 'data/9', 'location'],
      ['storage-get', '-s', 'data/0', 'size'],
      ['storage-get', '-s', 'data/0', 'location', 'kind'],
      ['storage-get', '-x'],
      ['storage-list', 'data', 'cache'],
    ]);
    expect(out.map((o) => [o.code, o.stderr])).toEqual([
      [2, 'ERROR no storage instance specified\n'],
      [2, 'ERROR invalid value "Data" for option -s: invalid storage ID "Data"\n'],
      [2, 'ERROR invalid value "data/9" for option -s: storage not found\n'],
      [1, 'ERROR invalid storage attribute "size"\n'],
      [2, 'ERROR unrecognized args: ["kind"]\n'],
      [2, 'ERROR option provided but not defined: -x\n'],
      [2, 'ERROR unrecognized args: ["cache"]\n'],
    ]);
    expect(out.every((o) => o.stdout === '')).toBe(true);
  });

  test('chown inside a mounted storage is recorded, and goes with the volume when it is detached', async () => {
    const [location] = model.storage('box/0').filter((s) => s.id === 'data/1').map((s) => s.hostPath);
    const out = await runInHook(model, 'box/0', [['chown', 'root:root', location ?? '']]);
    expect(out[0]?.code).toBe(0);
    expect(model.machine('box/0').owners.has(location ?? '')).toBe(true);
    model.detachStorage('data/1');
    await model.settle();
    expect(model.machine('box/0').owners.has(location ?? '')).toBe(false);
    expect(existsSync(location ?? '')).toBe(true);
  });
});
