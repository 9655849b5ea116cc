// dist/snapshot.js: what `node --build-snapshot` runs on the unit (startup-snapshot.ts), never a hook. It loads the
// charm bundle as a hook would, up to the call of reactive's main(), which hands the hook over instead of running it;
// V8 then keeps the whole heap in a startup snapshot. An update-status started from it (`node --snapshot-blob`,
// dispatch) skips reading, compiling and evaluating the bundle and loading the builtins below
// (docs/startup-snapshot.md). Only node builtins may be imported here.
//
// What the bundle reads while it loads is frozen into the snapshot: its top level must read no environment,
// clock or file (process.env, argv and the working directory are the hook's again when the hook runs).
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type NodeModuleClass from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { startupSnapshot } from 'node:v8';
import { Script } from 'node:vm';
import { checkingChecksums, currentRuntimeKey, loadBundle, type LoadResult } from './load-bundle';
import { DEFER_HOOK_KEY, loadedBuiltins, SNAPSHOT_PENDING_FILE, SNAPSHOT_PROBE_ANSWER, SNAPSHOT_PROBE_ENV } from './snapshot-files';
import { warmUpLoopback } from './snapshot-warm-up';

declare const CHARM_BUNDLE_FILE: string;
declare const CHARM_BUNDLE_HASH: string;
declare const CHARM_CHUNK_HASHES: Readonly<Record<string, string>>;

type Hook = () => Promise<void>;

// The builder passes this file's absolute path; the bundle and the charm directory are found from it.
const distDir = dirname(process.argv[1] ?? '.');
const bundlePath = join(distDir, CHARM_BUNDLE_FILE);
const trace = (line: string): void => {
  if (process.env['CHARM_CODE_CACHE_TRACE'] === '1') process.stderr.write(`code cache: ${line}\n`);
};

let hook: Hook | undefined;
// reactive's main.ts looks for this key.
const DEFER_HOOK = Symbol.for(DEFER_HOOK_KEY);
(globalThis as Record<symbol, unknown>)[DEFER_HOOK] = (deferred: Hook) => {
  hook = deferred;
};

// Every hook reads Flume's metrics over node:net; loaded here, it costs a hook nothing, and the functions of one such
// read are compiled here too (snapshot-warm-up.ts).
warmUpLoopback(require('node:net') as typeof import('node:net'));

const runtimeKey = currentRuntimeKey();
const chunks = new Map<string, LoadResult>();
/** node:module is loaded when a hook first needs a chunk, not in the builder: Node does not vouch for it in snapshots. */
const moduleClass = (): typeof NodeModuleClass => require('node:module') as typeof NodeModuleClass;
const bundleRequire = (id: string): unknown => {
  const file = id.startsWith('./') ? id.slice(2) : id;
  const hash = CHARM_CHUNK_HASHES[file];
  if (hash === undefined) return require(id); // a builtin: the bundle requires nothing else
  let chunk = chunks.get(file);
  if (chunk === undefined) {
    chunk = loadBundle({ bundlePath: join(distDir, file), bundleHash: hash, runtimeKey, useCache: process.env['CHARM_CODE_CACHE'] !== 'off', moduleClass });
    chunks.set(file, chunk);
  }
  return chunk.exports;
};

// As load-bundle.ts wraps it, so that stack traces give the bundle's own lines and columns.
const source = `(function (exports, require, module, __filename, __dirname) {\n${readFileSync(bundlePath, 'utf8')}\n})`;
// Through the code cache of the update-status that builds the snapshot (the builder's argument): the functions it
// ran are compiled in it, and V8 keeps their bytecode in the snapshot, so update-status need not compile them again.
const wrapper = compileBundle(source).runInThisContext() as (...args: unknown[]) => void;
const bundleModule = { exports: {} as unknown, filename: bundlePath, id: bundlePath, loaded: false };
wrapper.call(bundleModule.exports, bundleModule.exports, bundleRequire, bundleModule, bundlePath, distDir);
bundleModule.loaded = true;
if (hook === undefined) throw new Error(`${bundlePath} did not call main() of @flume-charms/reactive while it loaded: nothing to snapshot`);
// The builtins in the snapshot, for the builder's caller (its second argument names the file): the blob's code cache
// for them is of no use (snapshot-trim.ts).
const loadedList = process.argv[3];
if (loadedList !== undefined) writeFileSync(loadedList, loadedBuiltins().join('\n'));

startupSnapshot.setDeserializeMainFunction(() => {
  // The builder's caller checks that a trimmed blob starts (snapshot-trim.ts): no hook, no file touched.
  if (process.env[SNAPSHOT_PROBE_ENV] === '1') return void process.stdout.write(`${SNAPSHOT_PROBE_ANSWER}\n`);
  delete (globalThis as Record<symbol, unknown>)[DEFER_HOOK];
  // dispatch made this file just before it started the snapshot: its absence says the snapshot worked.
  try {
    unlinkSync(join(dirname(distDir), SNAPSHOT_PENDING_FILE));
  } catch {
    // A hook run by hand, without dispatch.
  }
  const entry = resolve(process.argv[1] ?? '');
  if (entry !== join(distDir, 'charm.js')) {
    // The charm tree moved since the snapshot was built: its paths are wrong, so run the bundle as without it.
    trace(`snapshot built for ${distDir}, ignored`);
    const loaded = loadBundle({ bundlePath: join(dirname(entry), CHARM_BUNDLE_FILE), bundleHash: CHARM_BUNDLE_HASH, chunks: CHARM_CHUNK_HASHES, moduleClass });
    process.once('exit', () => loaded.saveCache());
    return;
  }
  trace('snapshot');
  process.once('exit', () => {
    for (const [file, chunk] of chunks) {
      trace(`${file} ${chunk.outcome}`);
      chunk.saveCache();
    }
  });
  void hook?.();
});

function compileBundle(code: string): Script {
  let cachedData: Buffer | undefined;
  try {
    if (process.argv[2] !== undefined) cachedData = readFileSync(process.argv[2]);
  } catch {
    // No cache: the snapshot holds the top level only, and hooks compile the rest as they go.
  }
  try {
    return checkingChecksums(() => new Script(code, { filename: bundlePath, lineOffset: -1, ...(cachedData ? { cachedData } : {}) }));
  } catch (error) {
    if (!cachedData) throw error;
    return new Script(code, { filename: bundlePath, lineOffset: -1 });
  }
}
