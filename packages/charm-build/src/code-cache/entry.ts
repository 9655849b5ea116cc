// dist/charm.js, the charm's entrypoint: runs dist/charm.bundle.js through the code cache (load-bundle.ts).
// The build replaces the three constants. CHARM_CODE_CACHE=off compiles without a cache;
// CHARM_CODE_CACHE_TRACE=1 says on stderr what happened to the cache (tests and `make bench`).
import { join } from 'node:path';
import { loadBundle } from './load-bundle';

declare const CHARM_BUNDLE_FILE: string;
declare const CHARM_BUNDLE_HASH: string;
/** The bundle's dist/lazy/ files, by path relative to it, with their hashes. */
declare const CHARM_CHUNK_HASHES: Readonly<Record<string, string>>;

const trace = process.env['CHARM_CODE_CACHE_TRACE'] === '1' ? (line: string) => process.stderr.write(`code cache: ${line}\n`) : undefined;
const loaded = loadBundle({
  bundlePath: join(__dirname, CHARM_BUNDLE_FILE),
  bundleHash: CHARM_BUNDLE_HASH,
  useCache: process.env['CHARM_CODE_CACHE'] !== 'off',
  chunks: CHARM_CHUNK_HASHES,
});
trace?.(loaded.outcome);
// At exit, the functions the hook compiled lazily are in the cache too.
process.once('exit', () => {
  for (const chunk of loaded.chunksLoaded()) trace?.(`${chunk.file} ${chunk.outcome}`);
  if (loaded.saveCache()) trace?.('written');
});
