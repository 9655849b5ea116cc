// update-status from a startup snapshot, run as Juju runs it: dispatch, in the charm directory, of a small charm
// built and unpacked by charm-build whose entry hands its hook over as @flume-charms/reactive's main() does. The
// snapshot is built on the unit by the first update-status; whatever happens to it, the hook runs exactly once,
// with its own environment, and its exit code is the hook's.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unpackCharm, userSnapshotsSupported } from '../src';
import { readBuiltinCodeCache } from '../src/code-cache/builtin-code-cache';
import { packSourceCharm } from './support/source-charm';

// The hook reads its environment and working directory when it runs, never while the bundle loads: a snapshot
// freezes what the bundle did while loading. LOADED_WITH shows what the load saw.
const charmSource = (mark: string): string => `
import { appendFileSync } from 'node:fs';
const MARK: string = ${JSON.stringify(mark)};
const loadedWith = process.env.HOOK_VALUE ?? 'nothing';
const handlers = [function configure() {}];
async function hook() {
  const os = await import('node:os');
  // A builtin that the snapshot has not loaded: its code cache stays in the blob.
  if (process.env.HOOK_SPAWN === '1') (await import('node:child_process')).spawnSync('true');
  appendFileSync('runs.log', process.env.JUJU_DISPATCH_PATH + '\\n');
  process.stdout.write(JSON.stringify({ mark: ${JSON.stringify(mark)}, value: process.env.HOOK_VALUE ?? null, loadedWith, cwd: process.cwd(), names: handlers.map((h) => h.name), os: typeof os.hostname, tunables: process.env.GLIBC_TUNABLES ?? null }));
  process.exitCode = Number(process.env.HOOK_EXIT ?? '0');
}
${mark === 'plain' ? 'void hook();' : DEFERRING}
`;
// As reactive's main(): hand the hook over when a snapshot builder asks for it. 'broken' cannot load without a
// hook's environment (the builder has none), so its snapshot cannot be built.
const DEFERRING = `
if (${JSON.stringify('broken')} === MARK && !process.env.JUJU_CHARM_DIR) throw new Error('loaded outside a hook');
const defer = (globalThis as Record<symbol, unknown>)[Symbol.for('flume-charms.defer-hook')];
if (typeof defer === 'function') (defer as (h: () => Promise<void>) => void)(hook);
else void hook();`;

let work: string;
const charmFiles = new Map<string, string>();

async function build(mark: string): Promise<string> {
  const known = charmFiles.get(mark);
  if (known !== undefined) return known;
  const charmFile = await packSourceCharm({ dir: join(work, `charm-${mark}`), source: charmSource(mark) });
  charmFiles.set(mark, charmFile);
  return charmFile;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'startup-snapshot-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function freshUnit(name: string, mark = 'v1'): Promise<string> {
  const dir = join(work, name);
  unpackCharm(await build(mark), dir);
  return dir;
}

interface HookRun {
  readonly status: number | null;
  readonly output: { mark: string; value: string | null; loadedWith: string; cwd: string; names: string[]; os: string; tunables: string | null } | null;
  /** The loader's trace: snapshot outcomes and code cache outcomes, in order. */
  readonly trace: string[];
  /** What the builder did with the builtins' code cache in the blob (snapshot-trim.ts), when it built one. */
  readonly trim: string | undefined;
  readonly runs: number;
  readonly stderr: string;
}

function hook(unit: string, name = 'update-status', env: Record<string, string> = {}): HookRun {
  const result = spawnSync(join(unit, 'dispatch'), [], {
    cwd: unit,
    encoding: 'utf8',
    env: {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      JUJU_CHARM_DIR: unit,
      JUJU_DISPATCH_PATH: `hooks/${name}`,
      CHARM_CODE_CACHE_TRACE: '1',
      CHARM_DISPATCH_FALLBACK_NODE: join(unit, 'no-such-node'),
      ...env,
    },
  });
  const lines = result.stderr.split('\n').filter((l) => l.startsWith('code cache: ')).map((l) => l.slice('code cache: '.length));
  const isTrim = (line: string): boolean => line.startsWith("snapshot builtins' code cache");
  const trace = lines.filter((line) => !isTrim(line));
  const trim = lines.find(isTrim);
  const log = join(unit, 'runs.log');
  const runs = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
  return { status: result.status, output: JSON.parse(result.stdout || 'null') as HookRun['output'], trace, trim, runs, stderr: result.stderr };
}

const marker = (unit: string): string[] => readFileSync(join(unit, '.node-snapshot'), 'utf8').split('\n').filter(Boolean);
const blobs = (unit: string): string[] => readdirSync(join(unit, 'dist')).filter((f) => f.endsWith('.snapshot'));
const leftovers = (unit: string): string[] => [...readdirSync(unit), ...readdirSync(join(unit, 'dist'))].filter((f) => f.endsWith('.tmp') || f.endsWith('.pending'));

const supported = userSnapshotsSupported();
const onSnapshotNode = supported ? test : test.skip;
if (!supported) {
  test('this Node cannot build startup snapshots (a Debian-style build): update-status keeps the code cache', async () => {
    const unit = await freshUnit('unsupported');
    expect(hook(unit)).toMatchObject({ status: 0, trace: ['snapshot unsupported', 'absent', 'written'], runs: 1 });
    expect(existsSync(join(unit, '.node-snapshot'))).toBe(false);
  });
}

onSnapshotNode('the first update-status builds the snapshot; the next starts from it, with its own environment', async () => {
  const unit = await freshUnit('first');
  const first = hook(unit, 'update-status', { HOOK_VALUE: 'one' });
  expect(first).toMatchObject({ status: 0, output: { value: 'one', loadedWith: 'one', cwd: unit, names: ['configure'], os: 'function', tunables: null }, runs: 1 });
  // Compiled afresh (no code cache read), so that the snapshot holds what update-status ran.
  expect(first.trace).toEqual(['snapshot due', 'disabled', 'snapshot built']);
  expect(first.trim).toMatch(/ kept /);
  const [blob] = blobs(unit);
  expect(blob).toMatch(new RegExp(`^charm\\.bundle\\.js\\.[0-9a-f]{16}-[0-9a-f]{8}\\.${process.version.replace(/\./g, '\\.')}-${process.arch}\\.snapshot$`));
  expect(marker(unit)).toEqual([readFileSync(join(unit, '.node-path'), 'utf8').trim(), unit, `dist/${blob}`]);

  const second = hook(unit, 'update-status', { HOOK_VALUE: 'two' });
  expect(second).toMatchObject({ status: 0, trace: ['snapshot'], runs: 2 });
  // The environment and directory are this hook's; what the bundle read while loading is the builder's (nothing).
  expect(second.output).toEqual({ mark: 'v1', value: 'two', loadedWith: 'nothing', cwd: unit, names: ['configure'], os: 'function', tunables: null });
  expect(leftovers(unit)).toEqual([]);
});

onSnapshotNode("the blob keeps the builtins' code cache only for builtins the charm may load that the snapshot has not loaded", async () => {
  const unit = await freshUnit('trimmed');
  const first = hook(unit, 'update-status');
  expect(first.trim).toMatch(/^snapshot builtins' code cache: \d+ of \d+ kept \(\d+ KiB less\)$/);
  const [blob = 'none'] = blobs(unit);
  const cache = readBuiltinCodeCache(readFileSync(join(unit, 'dist', blob)), { version: process.versions.node, arch: process.arch, platform: process.platform });
  const ids = cache?.entries.map((entry) => entry.id) ?? [];
  // The charm imports node:os and node:child_process (and what they load); node:fs and node:net are in the
  // snapshot's heap already, node:http is never loaded by this charm.
  expect(ids).toEqual(expect.arrayContaining(['os', 'child_process', 'internal/child_process']));
  for (const id of ['fs', 'net', 'path', 'http', 'zlib']) expect(ids).not.toContain(id);
  expect(ids.length).toBeGreaterThan(0);
  expect(ids.length).toBeLessThan(100);
  // A hook from it that loads one of them (child_process, compiled through the kept cache) runs as any other.
  expect(hook(unit, 'update-status', { HOOK_SPAWN: '1', HOOK_VALUE: 'spawned' })).toMatchObject({ status: 0, output: { value: 'spawned' }, trace: ['snapshot'], runs: 2 });
  expect(leftovers(unit)).toEqual([]);
});

onSnapshotNode('only update-status starts from it; other hooks load the bundle through the code cache', async () => {
  const unit = await freshUnit('others');
  hook(unit);
  expect(hook(unit, 'config-changed')).toMatchObject({ status: 0, output: { value: null }, trace: ['absent', 'written'], runs: 2 });
  expect(hook(unit, 'config-changed')).toMatchObject({ status: 0, trace: ['accepted'], runs: 3 });
  expect(hook(unit)).toMatchObject({ status: 0, trace: ['snapshot'], runs: 4 });
});

onSnapshotNode("a hook's exit code passes through, and a failed hook from the snapshot is not run again", async () => {
  const unit = await freshUnit('exit-codes');
  hook(unit);
  expect(hook(unit, 'update-status', { HOOK_EXIT: '3' })).toMatchObject({ status: 3, trace: ['snapshot'], runs: 2 });
  expect(hook(unit)).toMatchObject({ status: 0, trace: ['snapshot'], runs: 3 });
});

onSnapshotNode('a blob Node cannot use (damaged, or from another Node): the hook runs once without it, and the blob is never tried again', async () => {
  const unit = await freshUnit('damaged');
  hook(unit);
  const [blob = 'none'] = blobs(unit);
  const path = join(unit, 'dist', blob);
  const data = readFileSync(path);
  data.write('not a node snapshot blob', 0); // Node aborts while reading it, before any charm code runs
  writeFileSync(path, data);
  const run = hook(unit, 'update-status', { HOOK_VALUE: 'after' });
  expect(run).toMatchObject({ status: 0, output: { value: 'after' }, runs: 2 });
  // The update-status that built the snapshot wrote no code cache (it compiled afresh): this one writes it.
  expect(run.trace).toEqual(['snapshot refused', 'absent', 'written']);
  expect(run.stderr).toContain('could not start from the startup snapshot');
  expect(marker(unit)[2]).toBe(`refused dist/${blob}`);
  expect(hook(unit)).toMatchObject({ status: 0, trace: ['snapshot refused', 'accepted'], runs: 3 });
  expect(leftovers(unit)).toEqual([]);
});

onSnapshotNode('a hook killed while it started from the snapshot: the next update-status does without it', async () => {
  const unit = await freshUnit('killed');
  hook(unit);
  writeFileSync(join(unit, '.node-snapshot.pending'), ''); // left by a run that never reached the charm
  expect(hook(unit)).toMatchObject({ status: 0, trace: ['snapshot refused', 'absent', 'written'], runs: 2 });
  expect(existsSync(join(unit, '.node-snapshot.pending'))).toBe(false);
});

onSnapshotNode('a snapshot of another node, another directory or another build of the charm is not used', async () => {
  const unit = await freshUnit('foreign');
  hook(unit);
  const [blob = 'none'] = blobs(unit);
  // Another node named in the marker: not used, and a snapshot for this node is built again.
  writeFileSync(join(unit, '.node-snapshot'), `/opt/other/node\n${unit}\ndist/${blob}\n`);
  expect(hook(unit)).toMatchObject({ status: 0, trace: ['snapshot due', 'disabled', 'snapshot built'], runs: 2 });
  expect(hook(unit)).toMatchObject({ trace: ['snapshot'], runs: 3 });

  // The tree copied elsewhere (juju-sim copies a built charm into each unit): its own snapshot, for its own paths.
  const copy = join(work, 'foreign-copy');
  cpSync(unit, copy, { recursive: true });
  const moved = hook(copy);
  expect(moved).toMatchObject({ status: 0, output: { cwd: copy }, trace: ['snapshot due', 'disabled', 'snapshot built'] });
  expect(marker(copy)[1]).toBe(copy);
  expect(hook(copy)).toMatchObject({ status: 0, output: { cwd: copy }, trace: ['snapshot'] });

  // upgrade-charm: a new build of the bundle never starts from the old one's snapshot, which is removed.
  const upgraded = await build('v2');
  const next = join(work, 'foreign-next');
  unpackCharm(upgraded, next);
  for (const file of ['dispatch', 'dist/charm.js', 'dist/charm.bundle.js', 'dist/snapshot.js']) cpSync(join(next, file), join(unit, file));
  const afterUpgrade = hook(unit);
  expect(afterUpgrade).toMatchObject({ status: 0, output: { mark: 'v2' }, trace: ['snapshot due', 'disabled', 'snapshot built'] });
  expect(blobs(unit)).toHaveLength(1);
  expect(blobs(unit)[0]).not.toBe(blob);
  expect(hook(unit)).toMatchObject({ output: { mark: 'v2' }, trace: ['snapshot'] });
});

test('a charm whose entry does not hand its hook over (no reactive main) is never snapshotted', async () => {
  const unit = await freshUnit('plain', 'plain');
  expect(existsSync(join(unit, 'dist', 'snapshot.js'))).toBe(false);
  expect(hook(unit)).toMatchObject({ status: 0, output: { mark: 'plain' }, trace: ['snapshot charm unsupported', 'absent', 'written'], runs: 1 });
  expect(existsSync(join(unit, '.node-snapshot'))).toBe(false);
});

onSnapshotNode('a snapshot that cannot be built: the hook is not affected, the build is marked refused and not tried again', async () => {
  const unit = await freshUnit('broken', 'broken');
  expect(hook(unit)).toMatchObject({ status: 0, output: { mark: 'broken' }, trace: ['snapshot due', 'disabled', 'snapshot failed'], runs: 1 });
  expect(marker(unit)[2]).toMatch(/^refused dist\/.*\.snapshot$/);
  expect(hook(unit)).toMatchObject({ status: 0, trace: ['snapshot refused', 'absent', 'written'], runs: 2 });
  expect(blobs(unit)).toEqual([]);
  expect(leftovers(unit)).toEqual([]);
});

onSnapshotNode('CHARM_STARTUP_SNAPSHOT=off: no snapshot is built or used', async () => {
  const unit = await freshUnit('off');
  expect(hook(unit, 'update-status', { CHARM_STARTUP_SNAPSHOT: 'off' })).toMatchObject({ status: 0, trace: ['snapshot disabled', 'absent', 'written'] });
  expect(existsSync(join(unit, '.node-snapshot'))).toBe(false);
});

onSnapshotNode('a dist/lazy/ file loads in an update-status from the snapshot, through its own code cache', async () => {
  const charmFile = await packSourceCharm({
    dir: join(work, 'charm-lazy'),
    withHandlebars: true,
    source: `import { appendFileSync } from 'node:fs';
async function hook() {
  appendFileSync('runs.log', 'run\\n');
  const { default: Handlebars } = await import('handlebars');
  process.stdout.write(JSON.stringify({ rendered: Handlebars.compile('{{a}}-{{b}}')({ a: process.env.HOOK_VALUE, b: 'y' }) }));
}
const defer = (globalThis as Record<symbol, unknown>)[Symbol.for('flume-charms.defer-hook')];
if (typeof defer === 'function') (defer as (h: () => Promise<void>) => void)(hook);
else void hook();
`,
  });
  const unit = join(work, 'lazy-unit');
  unpackCharm(charmFile, unit);
  expect(hook(unit, 'update-status', { HOOK_VALUE: 'a' })).toMatchObject({ status: 0, output: { rendered: 'a-y' }, trace: ['snapshot due', 'disabled', 'lazy/handlebars.js disabled', 'snapshot built'] });
  expect(hook(unit, 'update-status', { HOOK_VALUE: 'b' })).toMatchObject({ status: 0, output: { rendered: 'b-y' }, trace: ['snapshot', 'lazy/handlebars.js absent'] });
  expect(hook(unit, 'update-status', { HOOK_VALUE: 'c' })).toMatchObject({ status: 0, output: { rendered: 'c-y' }, trace: ['snapshot', 'lazy/handlebars.js accepted'] });
});
