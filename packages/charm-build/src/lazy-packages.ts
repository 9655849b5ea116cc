// Large packages that only some hooks run (execa for commands that change the machine, node-tar for the Flume
// tarball, handlebars for rendering) go to files of their own, dist/lazy/NAME.js, which the bundle requires where
// the charm imports them. Every hook reads and loads the bundle (through the code cache); a no-op update-status
// then skips ~270 KB of code it never runs: ~2 ms of CPU on Node 20 (issue 15). Only imports from the charm's own
// sources are split: a package's imports of its own dependencies stay in its file, so nothing is loaded twice.
// A chunk keeps all of its package's exports (nothing to tree-shake across files): zod stays in the bundle,
// where tree shaking keeps 17 KB of it; as a chunk, zod/mini would weigh 440 KB with every locale.
import { build, type Metafile, type Plugin } from 'esbuild';
import { builtinImports } from './builtin-imports';
import { CharmBuildError } from './errors';

/** Packages (with their subpaths, e.g. `tar/extract`) that get a file of their own. */
export const LAZY_PACKAGES = ['execa', 'tar', 'handlebars'] as const;

/** Where the chunks go, relative to the bundle's directory. */
export const LAZY_DIR = 'lazy';

export interface LazyChunk {
  /** Relative to the bundle's directory: `lazy/execa.js`. */
  readonly file: string;
  /** The module the chunk is built from (an absolute path). */
  readonly source: string;
}

export interface LazyChunkOutput {
  readonly file: string;
  readonly code: Uint8Array;
  /** The Node builtins it can load (builtin-imports.ts). */
  readonly builtins: readonly string[];
}

const FILTER = new RegExp(`^(?:${LAZY_PACKAGES.join('|')})(?:/.*)?$`);
const INNER = 'lazy-packages-inner';

const chunkFile = (specifier: string): string => `${LAZY_DIR}/${specifier.replace(/[^A-Za-z0-9_.-]+/g, '-')}.js`;
const inDependency = (importer: string): boolean => /[\\/]node_modules[\\/]/.test(importer);

/** Makes the lazy packages external to the bundle, each as `./lazy/NAME.js`, and collects what to build. */
export function lazyPackages(chunks: Map<string, LazyChunk>): Plugin {
  return {
    name: 'lazy-packages',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: FILTER }, async (args) => {
        if ((args.pluginData as { [INNER]?: boolean } | undefined)?.[INNER] || inDependency(args.importer)) return undefined;
        const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { [INNER]: true } });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const file = chunkFile(args.path);
        const known = chunks.get(file);
        if (known !== undefined && known.source !== resolved.path) {
          throw new CharmBuildError('bundle', `two copies of ${args.path} would share ${file}: ${known.source} and ${resolved.path}`);
        }
        chunks.set(file, { file, source: resolved.path });
        return { path: `./${file}`, external: true };
      });
    },
  };
}

/** One minified CommonJS file per chunk, with the same plugins (lazy builtins...) as the bundle. */
export async function bundleLazyChunks(
  chunks: ReadonlyMap<string, LazyChunk>,
  options: { keepNames: boolean; plugins: Plugin[]; check: (metafile: Metafile) => void },
): Promise<LazyChunkOutput[]> {
  const outputs: LazyChunkOutput[] = [];
  for (const chunk of [...chunks.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    const result = await build({
      entryPoints: [chunk.source],
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      keepNames: options.keepNames,
      supported: { 'dynamic-import': false },
      plugins: options.plugins,
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    options.check(result.metafile);
    const code = result.outputFiles[0];
    if (!code) throw new CharmBuildError('bundle', `esbuild produced nothing for ${chunk.file}`);
    outputs.push({ file: chunk.file, code: code.contents, builtins: builtinImports(result.metafile) });
  }
  return outputs;
}
