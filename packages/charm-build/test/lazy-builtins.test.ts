// Builtins a hook may not need are loaded on first use: a bundle that imports them, run with node.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCharm } from '../src';
import { lazyBuiltinSource, LAZY_BUILTINS } from '../src/lazy-builtins';

// Named, namespace and default imports, and a dynamic import; node:fs is not lazy.
const ENTRY = `
import { createHash } from 'node:crypto';
import * as zlib from 'zlib';
import http from 'node:http';
import { readFileSync } from 'node:fs';
const loaded = (name: string) => process.moduleLoadList.includes('NativeModule ' + name);
const before = { crypto: loaded('internal/crypto/hash'), zlib: loaded('zlib'), http: loaded('http'), dgram: loaded('dgram') };
void (async () => {
  const digest = createHash('sha256').update('flume').digest('hex');
  const roundTrip = zlib.gunzipSync(zlib.gzipSync(Buffer.from('events'))).toString();
  const ok = http.STATUS_CODES[200];
  const { createSocket } = await import('node:dgram');
  process.stdout.write(JSON.stringify({ before, digest, roundTrip, ok, dgram: typeof createSocket, fs: typeof readFileSync,
    after: { zlib: loaded('zlib'), http: loaded('http'), dgram: loaded('dgram') } }));
})();
`;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lazy-builtins-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('imports of lazy builtins load nothing at start, and work on first use', async () => {
  writeFileSync(join(work, 'entry.ts'), ENTRY);
  const bundle = await bundleCharm({ entry: join(work, 'entry.ts'), sourceMapPath: join(work, 'out.js.map') });
  writeFileSync(join(work, 'out.js'), bundle.code);
  const run = spawnSync(process.execPath, [join(work, 'out.js')], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({
    before: { crypto: false, zlib: false, http: false, dgram: false },
    digest: createHash('sha256').update('flume').digest('hex'),
    roundTrip: 'events',
    ok: 'OK',
    dgram: 'function',
    fs: 'function',
    after: { zlib: true, http: true, dgram: true },
  });
});

test('the stand-in has a getter for each export of the real builtin, and requires it only in load()', () => {
  for (const name of LAZY_BUILTINS) {
    const source = lazyBuiltinSource(name);
    expect(source).toContain(`require("node:${name}")`);
    expect(source.split('require(').length).toBe(2);
  }
  expect(lazyBuiltinSource('crypto')).toContain('"createHash"');
});
