// Runs inside the unit: loads the charm bundle through a V8 code cache kept beside it, so that a hook skips
// most of parsing and compiling its ~400 KiB bundle. Node's own builds cache only Node's builtins, and the
// Debian-style builds that Ubuntu ships (nodejs 18) not even those. Only node builtins may be imported here.
//
// The cache is keyed by the bundle's hash (from the build) and by the Node version and architecture, in its
// file name. V8 checks the rest (its own version, flags, source) and rejects a cache that does not fit; a
// rejected, corrupt or missing cache only costs a normal compile, and a new cache is written when the hook
// exits. The write is atomic (fixed temp name, then rename), so a hook killed mid-write leaves no torn cache.
// The files beside the bundle that it requires (dist/lazy/, charm-build's lazy-packages.ts) load the same way,
// each with a cache of its own, written by the first hook that loads it.
import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import type NodeModuleClass from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

export type CacheOutcome = 'accepted' | 'rejected' | 'absent' | 'unreadable' | 'disabled';

export interface LoadOptions {
  /** The bundle: a CommonJS file (dist/charm.bundle.js). */
  readonly bundlePath: string;
  /** Hash of the bundle's bytes, computed at build time. */
  readonly bundleHash: string;
  /** Part of the cache key; default `process.version-process.arch`. */
  readonly runtimeKey?: string;
  /** false: compile without a cache and write none (CHARM_CODE_CACHE=off). */
  readonly useCache?: boolean;
  /** CommonJS files the bundle requires as `./FILE` (relative to it), by FILE, with their hashes: loaded through a cache too. */
  readonly chunks?: Readonly<Record<string, string>>;
  /** The class of CommonJS modules; default: the one of this module (a startup snapshot's entry has no `module`). */
  readonly moduleClass?: () => typeof NodeModuleClass;
}

export interface ChunkLoad {
  /** As the bundle names it: `lazy/execa.js`. */
  readonly file: string;
  readonly outcome: CacheOutcome;
}

export interface LoadResult {
  readonly cachePath: string;
  readonly outcome: CacheOutcome;
  /** Writes a cache produced after the bundle ran (lazily compiled functions included); false when not needed or not possible. */
  readonly saveCache: () => boolean;
  /** A code cache of the bundle as it is now: the functions compiled so far (by this hook, or read from the cache). */
  readonly cachedData: () => Buffer;
  /** The chunks this hook loaded so far; saveCache() writes their caches too. */
  readonly chunksLoaded: () => readonly ChunkLoad[];
  /** What the bundle's module.exports holds after it ran. */
  readonly exports: unknown;
}

const CACHE_SUFFIX = '.v8cache';

/**
 * The cache of this build of the bundle, at this path, for this runtime. The path is in the key because V8 keeps
 * the script name of the run that wrote the cache: a charm tree copied elsewhere (juju-sim copies the built
 * tree into each unit) would otherwise print the other tree's paths in its stack traces.
 */
export function cachePathFor(bundlePath: string, bundleHash: string, runtimeKey: string): string {
  return join(dirname(bundlePath), `${buildPrefix(bundlePath, bundleHash)}${runtimeKey}${CACHE_SUFFIX}`);
}

/** `charm.bundle.js.HASH-PATHKEY.`: what every cache of this build at this path starts with. */
function buildPrefix(bundlePath: string, bundleHash: string): string {
  return `${basename(bundlePath)}.${bundleHash}-${pathKey(bundlePath)}.`;
}

/** FNV-1a of the path, 8 hex digits: loading node:crypto would cost a hook more than the cache saves. */
function pathKey(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** What a cache is made for besides the bundle: this Node's version and architecture. */
export function currentRuntimeKey(): string {
  return `${process.version}-${process.arch}`;
}

/** Compiles and runs the bundle as a CommonJS module, with the code cache when it fits. */
export function loadBundle(options: LoadOptions): LoadResult {
  const { bundlePath } = options;
  const runtimeKey = options.runtimeKey ?? currentRuntimeKey();
  const cachePath = cachePathFor(bundlePath, options.bundleHash, runtimeKey);
  const useCache = options.useCache ?? true;
  let cachedData: Buffer | undefined;
  let outcome: CacheOutcome = useCache ? 'absent' : 'disabled';
  if (useCache) {
    try {
      cachedData = readFileSync(cachePath);
    } catch (error) {
      outcome = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unreadable';
    }
  }
  // The wrapper's first line is line -1, so that stack traces give the bundle's own line and column numbers.
  const source = `(function (exports, require, module, __filename, __dirname) {\n${readFileSync(bundlePath, 'utf8')}\n})`;
  const compile = (data: Buffer | undefined): Script =>
    new Script(source, {
      filename: bundlePath,
      lineOffset: -1,
      ...(data ? { cachedData: data } : {}),
      // No importModuleDynamically: charm-build turns the bundle's import() into require() (bundle.ts).
    });
  let script: Script;
  try {
    script = checkingChecksums(() => compile(cachedData));
    if (cachedData) outcome = script.cachedDataRejected === true ? 'rejected' : 'accepted';
  } catch (error) {
    if (!cachedData) throw error; // the bundle itself does not compile: as `node bundle` would fail
    script = compile(undefined);
    outcome = 'rejected';
  }

  // The class of every CommonJS module (what node:module exports), taken from this module, dist/charm.js: loading
  // node:module itself costs a hook ~0.4 ms of CPU on Node 20 and ~1.5 ms on Debian's Node 18 (issue 15).
  const Module = options.moduleClass?.() ?? (module.constructor as unknown as typeof NodeModuleClass);
  const bundleModule = new Module(bundlePath);
  bundleModule.filename = bundlePath;
  const chunks = new Map<string, LoadResult>();
  const plainRequire = Module.createRequire(bundlePath);
  // A chunk the build listed goes through its own cache; anything else (builtins) as require() would.
  const loadChunk = (id: string): unknown => {
    const file = id.startsWith('./') ? id.slice(2) : id;
    const hash = options.chunks?.[file];
    if (hash === undefined) return plainRequire(id);
    let chunk = chunks.get(file);
    if (chunk === undefined) {
      chunk = loadBundle({ bundlePath: join(dirname(bundlePath), file), bundleHash: hash, runtimeKey, useCache, moduleClass: () => Module });
      chunks.set(file, chunk);
    }
    return chunk.exports;
  };
  const moduleRequire = Object.assign(loadChunk, { resolve: plainRequire.resolve, cache: plainRequire.cache, main: plainRequire.main, extensions: plainRequire.extensions });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(bundleModule.exports, bundleModule.exports, moduleRequire, bundleModule, bundlePath, dirname(bundlePath));

  const saveCache = (): boolean => {
    for (const chunk of chunks.values()) chunk.saveCache();
    return useCache && outcome !== 'accepted' ? writeCache(cachePath, `${basename(bundlePath)}.`, buildPrefix(bundlePath, options.bundleHash), checkingChecksums(() => script.createCachedData())) : false;
  };
  const chunksLoaded = (): ChunkLoad[] => [...chunks].map(([file, chunk]) => ({ file, outcome: chunk.outcome }));
  return { cachePath, outcome, saveCache, cachedData: () => checkingChecksums(() => script.createCachedData()), chunksLoaded, get exports() { return bundleModule.exports; } };
}

/**
 * Runs `work` with V8's code-cache checksums checked. V8 11 (Node 20) stopped checking them by default, and a
 * corrupted cache can then abort the process; V8 10 (Node 18) checks them, and loading node:v8 there would cost
 * ~6 ms per hook. The flag is part of the flags hash that every code cache must match, Node's own builtins'
 * included: left on, each builtin the hook loads later would be compiled from source (net and child_process:
 * ~3.5 ms more CPU on Node 20, issue 15). So it is on only while the bundle's cache is read or made.
 */
export function checkingChecksums<T>(work: () => T): T {
  if (Number(process.versions.v8.split('.')[0]) < 11) return work();
  const v8 = require('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--verify-snapshot-checksum');
  try {
    return work();
  } finally {
    v8.setFlagsFromString('--no-verify-snapshot-checksum');
  }
}

/** Temp file then rename; caches of other builds or paths of this bundle file are removed (other Node versions' stay). */
function writeCache(cachePath: string, prefix: string, keep: string, data: Buffer): boolean {
  const temp = `${cachePath}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o644 });
    renameSync(temp, cachePath);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    return false; // a read-only charm directory: hooks run without a cache
  }
  const dir = dirname(cachePath);
  try {
    for (const name of readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith(CACHE_SUFFIX) && !name.startsWith(keep)) unlinkSync(join(dir, name));
    }
  } catch {
    // Stale caches only take space.
  }
  return true;
}
