// The entry loader (dist/charm.js) and its V8 code cache, run as Juju runs a charm: `node dist/charm.js` in
// the charm directory, here of a small charm built, packed and unpacked by charm-build. Whatever happens to
// the cache, the bundle runs exactly once per hook and the hook's exit code is its own.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachePathFor, unpackCharm } from '../src';
import { packSourceCharm } from './support/source-charm';

// Named handlers (keepNames), a dynamic import of a builtin (as the Flume charms have), a run counter.
const CHARM_SOURCE = `
import { appendFileSync } from 'node:fs';
const handlers = [function configure() {}, async function waitForSink() {}];
class SinkEndpoint {}
function failingHandler() {
  throw new Error('thrown by the hook');
}
void (async () => {
  if (process.env.HOOK_THROW) failingHandler();
  const os = await import('node:os');
  appendFileSync('runs.log', 'run\\n');
  const nodeModule = process.moduleLoadList.includes('NativeModule module');
  process.stdout.write(JSON.stringify({ names: [...handlers.map((h) => h.name), SinkEndpoint.name], os: typeof os.hostname, nodeModule }));
  process.exitCode = Number(process.env.HOOK_EXIT ?? '0');
})();
`;

let work: string;
let charmFile: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'code-cache-'));
  charmFile = await packSourceCharm({ dir: join(work, 'charm'), source: CHARM_SOURCE });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh unit: the .charm unpacked as Juju unpacks it. */
function freshUnit(name: string): string {
  const dir = join(work, name);
  unpackCharm(charmFile, dir);
  return dir;
}

interface HookRun {
  readonly status: number | null;
  /** nodeModule: whether node:module was loaded (the loader does without it). */
  readonly output: { names: string[]; os?: string; nodeModule?: boolean; rendered?: string };
  /** The loader's trace lines: absent | accepted | rejected | unreadable | disabled, then written. */
  readonly cache: string[];
  readonly runs: number;
}

function hook(unit: string, env: Record<string, string> = {}): HookRun {
  const result = spawnSync(process.execPath, ['dist/charm.js'], {
    cwd: unit,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CHARM_CODE_CACHE_TRACE: '1', ...env },
  });
  const cache = result.stderr.split('\n').filter((l) => l.startsWith('code cache: ')).map((l) => l.slice('code cache: '.length));
  const runs = readFileSync(join(unit, 'runs.log'), 'utf8').split('\n').filter(Boolean).length;
  return { status: result.status, output: JSON.parse(result.stdout || 'null') as HookRun['output'], cache, runs };
}

const cacheFiles = (unit: string): string[] => readdirSync(join(unit, 'dist')).filter((f) => f.endsWith('.v8cache')).sort();
const currentCache = (unit: string): string => join(unit, 'dist', cacheFiles(unit)[0] ?? 'none');

test('the first hook writes the cache beside the bundle, keyed by bundle hash and Node version; the next uses it', () => {
  const unit = freshUnit('first');
  expect(cacheFiles(unit)).toEqual([]);
  expect(hook(unit)).toEqual({ status: 0, output: { names: ['configure', 'waitForSink', 'SinkEndpoint'], os: 'function', nodeModule: false }, cache: ['absent', 'written'], runs: 1 });
  const [file] = cacheFiles(unit);
  expect(file).toMatch(new RegExp(`^charm\\.bundle\\.js\\.[0-9a-f]{16}-[0-9a-f]{8}\\.${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
  expect(hook(unit)).toMatchObject({ status: 0, cache: ['accepted'], runs: 2 });
  expect(hook(unit, { HOOK_EXIT: '1' })).toMatchObject({ status: 1, cache: ['accepted'], runs: 3 });
  expect(readdirSync(join(unit, 'dist')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test.each([
  ['corrupted in the middle', (data: Buffer) => {
    const middle = Math.floor(data.length / 2);
    for (let i = middle; i < middle + 64; i++) data.writeUInt8((data.readUInt8(i) ^ 0x5a) & 0xff, i);
    return data;
  }],
  ['truncated', (data: Buffer) => data.subarray(0, Math.floor(data.length / 3))],
  ['from another Node build (V8 version hash differs)', (data: Buffer) => { data.writeUInt32LE(data.readUInt32LE(4) ^ 0xffff, 4); return data; }],
  ['empty', () => Buffer.alloc(0)],
])('a cache %s is rejected: the hook runs normally once, and a good cache replaces it', (_what, damage) => {
  const unit = freshUnit(`damaged-${Math.random().toString(36).slice(2)}`);
  hook(unit);
  const path = currentCache(unit);
  writeFileSync(path, damage(readFileSync(path)));
  const run = hook(unit);
  expect(run).toMatchObject({ status: 0, output: { names: ['configure', 'waitForSink', 'SinkEndpoint'] }, runs: 2 });
  expect(run.cache).toEqual(['rejected', 'written']);
  expect(hook(unit)).toMatchObject({ status: 0, cache: ['accepted'], runs: 3 });
});

test('caches of other Node versions are ignored and kept; caches of older builds are removed when a new cache is written', () => {
  const unit = freshUnit('others');
  const bundle = join(unit, 'dist', 'charm.bundle.js');
  const ourHash = /"([0-9a-f]{16})"/.exec(readFileSync(join(unit, 'dist', 'charm.js'), 'utf8'))?.[1] ?? 'missing';
  const foreignNode = cachePathFor(bundle, ourHash, 'v99.0.0-x64');
  const olderBuild = cachePathFor(bundle, 'ffffffffffffffff', `${process.version}-${process.arch}`);
  writeFileSync(foreignNode, 'not a V8 cache');
  writeFileSync(olderBuild, 'an older build');
  expect(hook(unit)).toMatchObject({ status: 0, cache: ['absent', 'written'], runs: 1 });
  expect(existsSync(foreignNode)).toBe(true);
  expect(existsSync(olderBuild)).toBe(false);
  expect(cacheFiles(unit)).toHaveLength(2);
});

test('a cache that cannot be written: the hook runs without one', () => {
  const unit = freshUnit('readonly');
  hook(unit);
  const path = currentCache(unit);
  rmSync(path);
  mkdirSync(`${path}.tmp`); // the temp name is taken by a directory: the write fails (as on a read-only disk)
  expect(hook(unit)).toMatchObject({ status: 0, cache: ['absent'], runs: 2 });
  expect(existsSync(path)).toBe(false);
});

test('CHARM_CODE_CACHE=off compiles without the cache and writes none', () => {
  const unit = freshUnit('off');
  expect(hook(unit, { CHARM_CODE_CACHE: 'off' })).toMatchObject({ status: 0, cache: ['disabled'], runs: 1 });
  expect(cacheFiles(unit)).toEqual([]);
});

test('a tree copied elsewhere writes its own cache, so its stack traces name its own files, with their line and column', () => {
  const unit = freshUnit('copied-from');
  hook(unit);
  const copy = join(work, 'copied-to');
  cpSync(unit, copy, { recursive: true });
  const fromElsewhere = cacheFiles(copy);
  const run = spawnSync(process.execPath, ['dist/charm.js'], { cwd: copy, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CHARM_CODE_CACHE_TRACE: '1', HOOK_THROW: '1' } });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('code cache: absent');
  const frame = /Error: thrown by the hook\n\s+at \S+ \((\/[^:)]+):(\d+):(\d+)\)/.exec(run.stderr);
  expect(frame?.[1]).toBe(join(copy, 'dist', 'charm.bundle.js'));
  const lines = readFileSync(join(copy, 'dist', 'charm.bundle.js'), 'utf8').split('\n');
  expect(lines[Number(frame?.[2]) - 1]?.slice(Number(frame?.[3]) - 1)).toMatch(/^new Error\("thrown by the hook"\)/);
  expect(cacheFiles(copy)).toHaveLength(1);
  expect(cacheFiles(copy)).not.toEqual(fromElsewhere);
});

test('a dist/lazy/ file goes through a cache of its own, written by the first hook that loads it', async () => {
  const lazyCharm = await packSourceCharm({
    dir: join(work, 'lazy-charm'),
    withHandlebars: true,
    source: `import { appendFileSync } from 'node:fs';
void (async () => {
  appendFileSync('runs.log', 'run\\n');
  const names = [function configure() {}].map((f) => f.name);
  if (process.env.RENDER) {
    const { default: Handlebars } = await import('handlebars');
    process.stdout.write(JSON.stringify({ names, rendered: Handlebars.compile('{{a}}-{{b}}')({ a: 'x', b: 'y' }) }));
  } else process.stdout.write(JSON.stringify({ names }));
})();
`,
  });
  const unit = join(work, 'lazy-unit');
  unpackCharm(lazyCharm, unit);
  const chunkCaches = (): string[] => readdirSync(join(unit, 'dist', 'lazy')).filter((f) => f.endsWith('.v8cache'));

  expect(hook(unit)).toEqual({ status: 0, output: { names: ['configure'] }, cache: ['absent', 'written'], runs: 1 });
  expect(chunkCaches()).toEqual([]);
  const first = hook(unit, { RENDER: '1' });
  expect(first).toEqual({ status: 0, output: { names: ['configure'], rendered: 'x-y' }, cache: ['accepted', 'lazy/handlebars.js absent'], runs: 2 });
  expect(chunkCaches()).toHaveLength(1);
  expect(chunkCaches()[0]).toMatch(/^handlebars\.js\.[0-9a-f]{16}-[0-9a-f]{8}\./);
  expect(hook(unit, { RENDER: '1' })).toMatchObject({ output: { rendered: 'x-y' }, cache: ['accepted', 'lazy/handlebars.js accepted'], runs: 3 });
  expect(hook(unit, { RENDER: '1', CHARM_CODE_CACHE: 'off' })).toMatchObject({ output: { rendered: 'x-y' }, cache: ['disabled', 'lazy/handlebars.js disabled'], runs: 4 });
});
