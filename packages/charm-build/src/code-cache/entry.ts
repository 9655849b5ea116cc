// dist/charm.js, the charm's entrypoint: runs dist/charm.bundle.js through the code cache (load-bundle.ts).
// The build replaces the two constants. CHARM_CODE_CACHE=off compiles without a cache;
// CHARM_CODE_CACHE_TRACE=1 says on stderr what happened to the cache (tests and `make bench`).
import { join } from 'node:path';
import { loadBundle } from './load-bundle';

declare const CHARM_BUNDLE_FILE: string;
declare const CHARM_BUNDLE_HASH: string;

const trace = process.env['CHARM_CODE_CACHE_TRACE'] === '1' ? (line: string) => process.stderr.write(`code cache: ${line}\n`) : undefined;
const loaded = loadBundle({
  bundlePath: join(__dirname, CHARM_BUNDLE_FILE),
  bundleHash: CHARM_BUNDLE_HASH,
  useCache: process.env['CHARM_CODE_CACHE'] !== 'off',
});
trace?.(loaded.outcome);
// At exit, the functions the hook compiled lazily are in the cache too.
process.once('exit', () => {
  if (loaded.saveCache()) trace?.('written');
});
