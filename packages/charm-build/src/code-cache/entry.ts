// dist/charm.js, the charm's entrypoint: runs dist/charm.bundle.js through the code cache (load-bundle.ts) when
// dispatch does not start the hook from the unit's startup snapshot (snapshot-entry.ts), and builds that snapshot
// at the end of an update-status when it is due (startup-snapshot.ts).
// The build replaces the five constants. CHARM_CODE_CACHE=off compiles without a cache;
// CHARM_CODE_CACHE_TRACE=1 says on stderr what happened to the cache (tests and `make bench`).
import { dirname, join } from 'node:path';
import { cachePathFor, currentRuntimeKey, loadBundle } from './load-bundle';
import { buildSnapshot, snapshotDue } from './startup-snapshot';

declare const CHARM_BUNDLE_FILE: string;
declare const CHARM_BUNDLE_HASH: string;
/** The bundle's dist/lazy/ files, by path relative to it, with their hashes. */
declare const CHARM_CHUNK_HASHES: Readonly<Record<string, string>>;
/** Whether the bundle hands its hook over to a snapshot builder (bundle.ts, snapshotCapable). */
declare const CHARM_SNAPSHOT_CAPABLE: boolean;
/** The Node builtins the bundle and its chunks can load (builtin-imports.ts). */
declare const CHARM_BUILTINS: readonly string[];

const trace = process.env['CHARM_CODE_CACHE_TRACE'] === '1' ? (line: string) => process.stderr.write(`code cache: ${line}\n`) : undefined;
const bundlePath = join(__dirname, CHARM_BUNDLE_FILE);
const useCache = process.env['CHARM_CODE_CACHE'] !== 'off';
const snapshot = { charmDir: dirname(__dirname), bundlePath, bundleHash: CHARM_BUNDLE_HASH, cachePath: cachePathFor(bundlePath, CHARM_BUNDLE_HASH, currentRuntimeKey()), capable: CHARM_SNAPSHOT_CAPABLE, builtins: CHARM_BUILTINS, env: process.env };
// An update-status that is to build the startup snapshot compiles the bundle afresh, without the code cache: then
// what it compiled is what update-status runs, and only that goes into the snapshot (a smaller snapshot starts
// faster; the code cache holds what every hook so far ran).
const due = snapshotDue(snapshot);
if (due !== 'not this hook') trace?.(`snapshot ${due}`);
const loaded = loadBundle({ bundlePath, bundleHash: CHARM_BUNDLE_HASH, useCache: useCache && due !== 'due', chunks: CHARM_CHUNK_HASHES });
trace?.(loaded.outcome);
// At exit, the functions the hook compiled lazily are in the cache too.
process.once('exit', (code) => {
  for (const chunk of loaded.chunksLoaded()) trace?.(`${chunk.file} ${chunk.outcome}`);
  if (loaded.saveCache()) trace?.('written');
  if (due !== 'due' || code !== 0) return;
  const built = buildSnapshot(snapshot, loaded.cachedData(), trace);
  trace?.(`snapshot ${built}`);
});
