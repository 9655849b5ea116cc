// Issue 9, resource attacks: hostile `flume` tarballs (path traversal, absolute paths, symlinks and hardlinks
// out of the tree, device files, setuid, not Flume, truncated, garbage, tar bombs) fed to packages/flume's
// install path directly and to both charms through `juju attach-resource`. Each must end in a typed refusal
// (blocked, with the attach-resource command), with nothing written outside the install directory.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_TARBALL_LIMITS, extractFlumeTarball, flumeLayout, installFlume, ResourceError } from '@flume-charms/flume';
import { Model } from '@flume-charms/juju-sim';
import { builtCharm, standinTarball } from './support/charms';
import { writeAttacks, type Attack } from './support/hostile-tarballs';
import { startPair, type Pair } from './support/pair';
import { HDFS, HDFS_UNIT, serviceView, SYSLOG, workload } from './support/scenarios';
import { SEED } from './support/seed';
import { treeDiff, treeSnapshot } from './support/tree';

let sandbox: string;
let attacks: Attack[];
let outside: string;
let absoluteTarget: string;

beforeAll(async () => {
  sandbox = mkdtempSync(path.join(tmpdir(), 'reliability-tarballs-'));
  outside = path.join(sandbox, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'target.txt'), 'must stay untouched\n');
  absoluteTarget = path.join(sandbox, 'absolute', 'evil.txt');
  const dir = path.join(sandbox, 'attacks');
  mkdirSync(dir);
  attacks = await writeAttacks(dir, { outside, absoluteTarget });
});
afterAll(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

/** Runs `fn` with CHARM_ROOTFS pointing at `rootfs`, as juju-sim runs a hook. */
async function inRootfs<T>(rootfs: string, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.CHARM_ROOTFS;
  process.env.CHARM_ROOTFS = rootfs;
  try {
    return await fn();
  } finally {
    if (previous === undefined) delete process.env.CHARM_ROOTFS;
    else process.env.CHARM_ROOTFS = previous;
  }
}

const refusal = (error: unknown): string => (error instanceof ResourceError ? error.reason : `not a ResourceError: ${String(error)}`);

describe(`hostile flume resources at the packages/flume level (seed ${SEED})`, () => {
  test('the generated attacks cover every class of the issue', () => {
    expect(attacks.map((a) => a.name)).toEqual(
      expect.arrayContaining(['path-traversal', 'absolute-path', 'symlink-out-then-write-through', 'hardlink-out', 'char-device', 'not-flume', 'truncated', 'tar-bomb-entries', 'tar-bomb-size']),
    );
  });

  test('the stand-in tarball installs, writing only under /opt/flume/APP (the snapshot sees writes)', async () => {
    const rootfs = path.join(sandbox, 'control-rootfs');
    mkdirSync(rootfs);
    const before = treeSnapshot(sandbox, { skip: (rel) => rel === 'attacks' });
    const result = await inRootfs(rootfs, () => installFlume(flumeLayout('attack'), standinTarballPath));
    expect(result.changed).toBe(true);
    const changes = treeDiff(before, treeSnapshot(sandbox, { skip: (rel) => rel === 'attacks' }));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((line) => !/^[+~] control-rootfs(\/opt(\/flume(\/attack(\/.*)?)?)?)? /.test(line))).toEqual([]);
    rmSync(rootfs, { recursive: true, force: true });
  });

  test('installFlume refuses each attack with its typed reason and writes nothing at all', async () => {
    const rootfs = path.join(sandbox, 'rootfs');
    mkdirSync(rootfs, { recursive: true });
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const attack of attacks) {
      const before = treeSnapshot(sandbox, { skip: (rel) => rel === 'attacks' });
      const error = await inRootfs(rootfs, () => installFlume(flumeLayout('attack'), attack.file)).then(() => undefined, (e: unknown) => e);
      const written = treeDiff(before, treeSnapshot(sandbox, { skip: (rel) => rel === 'attacks' }));
      outcomes[attack.name] = `${refusal(error)}${written.length > 0 ? ` wrote ${written.join(', ')}` : ''}`;
      expected[attack.name] = attack.reason;
    }
    expect(outcomes).toEqual(expected);
    expect(existsSync(absoluteTarget)).toBe(false);
  });

  test('extractFlumeTarball alone (no inspection first) refuses each attack; nothing lands outside the target', async () => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const attack of attacks) {
      const dest = path.join(sandbox, 'extract', attack.name);
      mkdirSync(dest, { recursive: true });
      const before = treeSnapshot(sandbox, { skip: (rel) => rel === 'attacks' || rel.startsWith('extract') });
      // The entry-count rule at 1,000 instead of 20,000: the same check, without writing 20,000 files first.
      const error = await extractFlumeTarball(attack.file, dest, { ...DEFAULT_TARBALL_LIMITS, maxEntries: 1000 }).then(() => undefined, (e: unknown) => e);
      const outsideChanges = treeDiff(before, treeSnapshot(sandbox, { skip: (rel) => rel === 'attacks' || rel.startsWith('extract') }));
      const unsafeInside = unsafeEntries(dest);
      outcomes[attack.name] = [refusal(error), ...outsideChanges.map((c) => `outside: ${c}`), ...unsafeInside.map((c) => `inside: ${c}`)].join('; ');
      expected[attack.name] = attack.reason;
      rmSync(dest, { recursive: true, force: true });
    }
    expect(outcomes).toEqual(expected);
    expect(existsSync(absoluteTarget)).toBe(false);
  });

  test('the size limits are configurable and enforced (a tar bomb under tight limits)', async () => {
    const tight = { maxTotalBytes: 16, maxFileBytes: 1024, maxEntries: 100 };
    await expect(installFlume(flumeLayout('attack'), standinTarballPath, tight)).rejects.toMatchObject({ reason: 'too-large' });
    await expect(installFlume(flumeLayout('attack'), standinTarballPath, { ...tight, maxTotalBytes: 1 << 20, maxEntries: 3 })).rejects.toMatchObject({ reason: 'too-large' });
  });
});

/** Entries under `dir` that are not plain files, directories, or symlinks resolving inside `dir`. */
function unsafeEntries(dir: string): string[] {
  const out: string[] = [];
  for (const [rel, entry] of Object.entries(treeSnapshot(dir))) {
    const full = path.join(dir, rel);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) {
      const target = path.resolve(path.dirname(full), readlinkSync(full));
      if (!target.startsWith(`${dir}/`)) out.push(`${rel} ${entry}`);
    } else if (!stat.isFile() && !stat.isDirectory()) out.push(`${rel} ${entry}`);
    else if ((stat.mode & 0o6000) !== 0) out.push(`${rel} setuid/setgid`);
  }
  return out;
}

let standinTarballPath: string;
beforeAll(async () => {
  standinTarballPath = await standinTarball();
});

describe(`hostile flume resources end-to-end through juju attach-resource (seed ${SEED})`, () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(async () => {
    await pair?.model.destroy();
  });

  test('a unit that never installed Flume: each attack blocks with the fix, its machine stays as it was', async () => {
    const { model } = pair;
    const app = 'attacked-syslog';
    const unit = `${app}/0`;
    const [first, ...rest] = attacks as [Attack, ...Attack[]];
    await model.deploy(await builtCharm('flume-syslog'), { name: app, resources: { flume: first.file } });
    const problems: string[] = [];
    problems.push(...(await expectRefused(model, unit, app, first, undefined)));
    for (const attack of rest) {
      const before = treeSnapshot(model.unitPath(unit, '/'));
      model.attachResource(app, 'flume', attack.file);
      problems.push(...(await expectRefused(model, unit, app, attack, before)));
    }
    expect(problems).toEqual([]);
    // Nothing of any attack was installed, and nothing escaped into the rest of the machine.
    expect(treeSnapshot(model.unitPath(unit, '/opt'))).toEqual({});
    // The good tarball still installs afterwards.
    model.attachResource(app, 'flume', standinTarballPath);
    await model.settle();
    expect(existsSync(model.unitPath(unit, `/opt/flume/${app}/current/bin/flume-ng`))).toBe(true);
    expect(workload(model, unit).message).not.toMatch(/flume resource/);
  });

  test('a running flume-hdfs: each attack blocks with the fix; the installed Flume, its files and the service stay', async () => {
    const { model } = pair;
    const problems: string[] = [];
    const service = serviceView(model, HDFS_UNIT);
    for (const attack of attacks) {
      const before = treeSnapshot(model.unitPath(HDFS_UNIT, '/'));
      model.attachResource(HDFS, 'flume', attack.file);
      problems.push(...(await expectRefused(model, HDFS_UNIT, HDFS, attack, before)));
      if (JSON.stringify(serviceView(model, HDFS_UNIT)) !== JSON.stringify(service)) problems.push(`${attack.name}: service touched`);
    }
    expect(problems).toEqual([]);
    // Re-attaching the good tarball clears the block.
    model.attachResource(HDFS, 'flume', standinTarballPath);
    await model.settle();
    expect(workload(model, HDFS_UNIT)).toEqual({ status: 'active', message: 'Ready' });
  });
});

async function expectRefused(model: Model, unit: string, app: string, attack: Attack, before: ReturnType<typeof treeSnapshot> | undefined): Promise<string[]> {
  const problems: string[] = [];
  const from = model.hookRuns.length;
  const result = await model.settle();
  const failed = model.hookRuns.slice(from).filter((r) => !r.ok);
  if (result.errors.length > 0 || failed.length > 0) {
    problems.push(`${attack.name}: hooks failed: ${failed.map((r) => `${r.unit} ${r.hook}: ${r.stderr.slice(-300)}`).join(' | ')}`);
    for (const e of result.errors) model.resolve(e.unit, { retry: false });
    await model.settle();
  }
  const status = workload(model, unit);
  if (status.status !== 'blocked' || !status.message.startsWith(attack.status) || !status.message.includes(`juju attach-resource ${app} flume=`)) {
    problems.push(`${attack.name}: status ${JSON.stringify(status)}`);
  }
  if (before) {
    const changes = treeDiff(before, treeSnapshot(model.unitPath(unit, '/')));
    if (changes.length > 0) problems.push(`${attack.name}: the machine changed: ${changes.join(', ')}`);
  }
  if (existsSync(absoluteTarget)) problems.push(`${attack.name}: wrote ${absoluteTarget}`);
  return problems;
}
