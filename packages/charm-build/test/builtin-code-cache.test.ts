// The builtins' code cache at the end of a Node startup snapshot blob, and trimming it: on blobs laid out as Node
// 20 writes them (made here, byte by byte), on damaged ones, and with a probe that accepts or refuses the result.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBuiltinCodeCache, withBuiltinCodeCache } from '../src/code-cache/builtin-code-cache';
import { trimSnapshot } from '../src/code-cache/snapshot-trim';

const RUNTIME = { version: '20.20.2', arch: 'x64', platform: 'linux' };

const u32 = (n: number): Buffer => Buffer.from(Uint32Array.of(n).buffer);
const u64 = (n: number): Buffer => Buffer.from(BigUint64Array.of(BigInt(n)).buffer);
const str = (s: string): Buffer => Buffer.concat([u64(s.length), Buffer.from(s, 'latin1')]);

/** A blob as Node 20 lays it out: header, V8's data, Node's own data, then the builtins' code cache. */
function blob(entries: Record<string, string>, runtime = RUNTIME, nodeData = Buffer.from('isolate and env data, with ids like fs and net')): Buffer {
  const v8 = Buffer.alloc(300, 7);
  const header = Buffer.concat([u32(0x0143da19), Buffer.of(1), str(runtime.version), str(runtime.arch), str(runtime.platform), u32(0xc3583e1f), u32(0)]);
  const cache = Object.entries(entries).map(([id, data]) => Buffer.concat([str(id), u64(data.length), Buffer.from(data)]));
  return Buffer.concat([header, Buffer.from(Int32Array.of(v8.length).buffer), v8, nodeData, u64(cache.length), ...cache]);
}

const ENTRIES = { fs: 'cache of fs', 'internal/child_process': 'cache of internal/child_process', child_process: 'cc', http: 'cache of http' };

test('reads every builtin entry from the end of the blob', () => {
  const cache = readBuiltinCodeCache(blob(ENTRIES), RUNTIME);
  expect(cache?.entries.map((entry) => entry.id)).toEqual(['fs', 'internal/child_process', 'child_process', 'http']);
});

test('keeps the accepted entries byte for byte, and everything before them', () => {
  const original = blob(ENTRIES);
  const cache = readBuiltinCodeCache(original, RUNTIME);
  if (cache === undefined) throw new Error('no cache');
  const trimmed = withBuiltinCodeCache(original, cache, (id) => id.includes('child_process'));
  expect(trimmed).toEqual(blob({ 'internal/child_process': ENTRIES['internal/child_process'], child_process: 'cc' }));
  expect(readBuiltinCodeCache(trimmed, RUNTIME)?.entries.map((entry) => entry.id)).toEqual(['internal/child_process', 'child_process']);
  expect(withBuiltinCodeCache(original, cache, () => false)).toEqual(blob({}));
});

test('leaves alone what is not such a blob: another Node, another layout, a torn file', () => {
  const good = blob(ENTRIES);
  expect(readBuiltinCodeCache(blob(ENTRIES, { ...RUNTIME, version: '22.1.0' }), RUNTIME)).toBeUndefined();
  expect(readBuiltinCodeCache(Buffer.concat([Buffer.of(0), good.subarray(1)]), RUNTIME)).toBeUndefined(); // magic
  expect(readBuiltinCodeCache(good.subarray(0, good.length - 3), RUNTIME)).toBeUndefined(); // the last entry torn
  expect(readBuiltinCodeCache(Buffer.concat([good, Buffer.of(0)]), RUNTIME)).toBeUndefined(); // not at the end
  expect(readBuiltinCodeCache(good.subarray(0, 40), RUNTIME)).toBeUndefined();
  expect(readBuiltinCodeCache(Buffer.alloc(0), RUNTIME)).toBeUndefined();
  expect(readBuiltinCodeCache(blob({ 'not an id!': 'x' }), RUNTIME)).toBeUndefined();
});

describe('trimSnapshot', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'snapshot-trim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = (path: string, probe: (blob: string) => boolean) => ({
    blob: path,
    snapshotLoaded: new Set(['fs', 'net']),
    charmLoads: new Set(['fs', 'child_process', 'internal/child_process']),
    probe,
    runtime: RUNTIME,
  });

  test('keeps what the charm may load and the snapshot has not loaded, once a node starts from the result', () => {
    const path = join(dir, 'b.snapshot');
    writeFileSync(path, blob(ENTRIES));
    const probed: Buffer[] = [];
    const outcome = trimSnapshot(options(path, (candidate) => (probed.push(readFileSync(candidate)), true)));
    const expected = blob({ 'internal/child_process': ENTRIES['internal/child_process'], child_process: 'cc' });
    expect(outcome).toEqual({ trimmed: true, kept: 2, of: 4, bytesSaved: blob(ENTRIES).length - expected.length });
    expect(probed).toEqual([expected]);
    expect(readFileSync(path)).toEqual(expected);
    expect(readdirSync(dir)).toEqual(['b.snapshot']);
  });

  test('a trimmed blob no node starts from is dropped: the blob stays as Node built it', () => {
    const path = join(dir, 'b.snapshot');
    writeFileSync(path, blob(ENTRIES));
    expect(trimSnapshot(options(path, () => false))).toEqual({ trimmed: false, reason: 'node did not start from the trimmed blob' });
    expect(readFileSync(path)).toEqual(blob(ENTRIES));
    expect(readdirSync(dir)).toEqual(['b.snapshot']);
  });

  test('an unknown layout, or no list of what the snapshot loaded: left whole, never probed', () => {
    const path = join(dir, 'b.snapshot');
    const probe = jest.fn(() => true);
    writeFileSync(path, blob(ENTRIES, { ...RUNTIME, version: '24.0.0' }));
    expect(trimSnapshot(options(path, probe))).toMatchObject({ trimmed: false, reason: expect.stringContaining('layout') });
    writeFileSync(path, blob(ENTRIES));
    expect(trimSnapshot({ ...options(path, probe), snapshotLoaded: new Set() })).toMatchObject({ trimmed: false });
    expect(trimSnapshot(options(join(dir, 'missing'), probe))).toMatchObject({ trimmed: false, reason: expect.stringContaining('cannot read') });
    expect(probe).not.toHaveBeenCalled();
    expect(readFileSync(path)).toEqual(blob(ENTRIES));
    expect(existsSync(`${path}.trim`)).toBe(false);
  });
});
