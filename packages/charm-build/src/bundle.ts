import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, formatMessages, type BuildFailure, type Metafile, type Plugin } from 'esbuild';
import { builtinImports } from './builtin-imports';
import { DEFER_HOOK_KEY } from './code-cache/snapshot-files';
import { CharmBuildError } from './errors';
import { lazyBuiltins } from './lazy-builtins';
import { bundleLazyChunks, lazyPackages, type LazyChunk, type LazyChunkOutput } from './lazy-packages';

/** Packages that must never reach a charm bundle (YAML parsing stays in build tooling). */
export const FORBIDDEN_PACKAGES = ['yaml'] as const;

export interface Bundle {
  code: Uint8Array;
  sourceMap: Uint8Array;
  /** Input files (relative to the working directory) that ended up in the bundle. */
  inputs: string[];
  /** The packages that only some hooks run, each in a file of its own (lazy-packages.ts), for dist/lazy/. */
  chunks: LazyChunkOutput[];
  /** The Node builtins the bundle and its chunks can load (builtin-imports.ts). */
  builtins: string[];
}

export interface BundleOptions {
  /** The charm's entry module, usually CHARM_DIR/src/charm.ts. */
  entry: string;
  /** Where the source map will be written; its `sources` are made relative to this file's directory. */
  sourceMapPath: string;
  /** Starts the file with `#!/usr/bin/env node` (default true); false for a bundle that the entry loader runs. */
  executable?: boolean;
  /** Keep function and class names (default true); false only to measure what they cost (`make bench`). */
  keepNames?: boolean;
}

// handlebars only uses `source-map` inside a try/catch, to annotate compiled templates, and works
// without it; leaving it out saves ~27 KB of every hook's bundle. The stub throws as a missing module would.
const leaveOutSourceMap: Plugin = {
  name: 'leave-out-source-map',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'left-out' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: "throw new Error('source-map is left out of charm bundles');",
      loader: 'js',
    }));
  },
};

/** One minified CommonJS file for node18, with everything inlined and an external source map. */
export async function bundleCharm({ entry, sourceMapPath, executable = true, keepNames = true }: BundleOptions): Promise<Bundle> {
  if (!existsSync(entry)) throw new CharmBuildError('entrypoint', `the charm's entry module ${entry} does not exist`);
  const outfile = sourceMapPath.replace(/\.map$/, '');
  const lazyChunks = new Map<string, LazyChunk>();
  let result;
  let chunks: LazyChunkOutput[];
  try {
    result = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      // Function and class names survive minification: hook logs say `Invoking reactive handler: configure`,
      // and onlyOnce() ids stay stable across builds. Its cost is in `make bench` (figure 4).
      keepNames,
      // `import('node:fs')` becomes a require(): the entry loader runs the bundle as a vm script, where a real
      // import() needs --experimental-vm-modules on Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG).
      supported: { 'dynamic-import': false },
      sourcemap: 'external', // no sourceMappingURL comment: the map never ships with the charm
      // An executable node script, so charmcraft's entrypoint linter accepts dispatch's last line.
      ...(executable ? { banner: { js: '#!/usr/bin/env node' } } : {}),
      metafile: true,
      plugins: [leaveOutSourceMap, lazyBuiltins, lazyPackages(lazyChunks)],
      write: false,
      logLevel: 'silent',
    });
    chunks = await bundleLazyChunks(lazyChunks, { keepNames, plugins: [leaveOutSourceMap, lazyBuiltins], check: assertNoForbiddenPackages });
  } catch (error) {
    if (error instanceof CharmBuildError) throw error;
    const failure = error as BuildFailure;
    const messages = failure.errors ? await formatMessages(failure.errors, { kind: 'error' }) : [String(error)];
    throw new CharmBuildError('bundle', `esbuild could not bundle ${entry}:\n${messages.join('')}`);
  }
  assertNoForbiddenPackages(result.metafile);
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!code || !map) throw new CharmBuildError('bundle', `esbuild produced no bundle for ${entry}`);
  const builtins = [...new Set([...builtinImports(result.metafile), ...chunks.flatMap((chunk) => chunk.builtins)])].sort();
  return { code: code.contents, sourceMap: map.contents, inputs: Object.keys(result.metafile.inputs), chunks, builtins };
}

/** The package an input path belongs to, e.g. `yaml` for `node_modules/.pnpm/yaml@2/node_modules/yaml/dist/x.js`. */
export function packageOfInput(input: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/.][^/]*)\/(?!.*\/node_modules\/)/.exec(input);
  return match?.[1];
}

/** Fails when a forbidden package is in the bundle, naming the modules that import it. */
export function assertNoForbiddenPackages(metafile: Metafile): void {
  const forbidden = Object.keys(metafile.inputs).filter((input) =>
    (FORBIDDEN_PACKAGES as readonly string[]).includes(packageOfInput(input) ?? ''),
  );
  if (forbidden.length === 0) return;
  const forbiddenSet = new Set(forbidden);
  const importers = Object.entries(metafile.inputs)
    .filter(([input, info]) => !forbiddenSet.has(input) && info.imports.some((imp) => forbiddenSet.has(imp.path)))
    .map(([input]) => input);
  const packages = [...new Set(forbidden.map((input) => packageOfInput(input)))].join(', ');
  throw new CharmBuildError(
    'forbidden-module',
    `the charm bundle would contain ${packages} (YAML parsing must stay out of charms), imported by: ${importers.join(', ') || 'unknown'}`,
  );
}

/** What the entry loader compares, in the code cache's file name: 16 hex digits of the bundle's SHA-256. */
export function bundleHash(code: Uint8Array): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 16);
}

const ENTRY_LOADER = join(__dirname, 'code-cache', 'entry.ts');
const SNAPSHOT_ENTRY = join(__dirname, 'code-cache', 'snapshot-entry.ts');

/**
 * The charm's entrypoint (dist/charm.js): a small executable script that runs `bundleFile` (beside it)
 * through a V8 code cache keyed by `hash` (code-cache/load-bundle.ts), and the `chunks` it requires (file relative
 * to it -> hash) through caches of their own.
 */
export async function bundleEntryLoader(options: LoaderOptions): Promise<Uint8Array> {
  return bundleLoader(ENTRY_LOADER, options);
}

/** dist/snapshot.js: what `node --build-snapshot` runs on the unit to make its startup snapshot (code-cache/startup-snapshot.ts). */
export async function bundleSnapshotEntry(options: LoaderOptions): Promise<Uint8Array> {
  return bundleLoader(SNAPSHOT_ENTRY, options);
}

export interface LoaderOptions {
  readonly bundleFile: string;
  readonly hash: string;
  readonly chunks?: Readonly<Record<string, string>>;
  /** Whether the bundle hands its hook over when asked (snapshotCapable): only then may a unit snapshot it. */
  readonly snapshotCapable?: boolean;
  /** The Node builtins the bundle and its chunks can load (Bundle.builtins). */
  readonly builtins?: readonly string[];
}

/**
 * Whether a bundle's entry hands its hook over while a snapshot is built (it contains reactive's main()). A
 * bundle that does not would run its hook inside the builder, so no unit ever builds a snapshot of it.
 */
export function snapshotCapable(code: Uint8Array): boolean {
  return Buffer.from(code.buffer, code.byteOffset, code.byteLength).includes(DEFER_HOOK_KEY);
}

async function bundleLoader(entry: string, { bundleFile, hash, chunks = {}, snapshotCapable: capable = false, builtins = [] }: LoaderOptions): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    banner: { js: '#!/usr/bin/env node' },
    define: { CHARM_BUNDLE_FILE: JSON.stringify(bundleFile), CHARM_BUNDLE_HASH: JSON.stringify(hash), CHARM_CHUNK_HASHES: JSON.stringify(chunks), CHARM_SNAPSHOT_CAPABLE: JSON.stringify(capable), CHARM_BUILTINS: JSON.stringify(builtins) },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0];
  if (!code) throw new CharmBuildError('bundle', `esbuild produced nothing for ${entry}`);
  return code.contents;
}

/** Where a charm's entry module lives. */
export function charmEntry(charmDir: string): string {
  return join(charmDir, 'src', 'charm.ts');
}
