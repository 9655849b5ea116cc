// Node builtins that a hook often does not use are loaded on first use instead of when the bundle starts.
// esbuild hoists every `import … from 'node:zlib'` of the bundled modules to the bundle's top, so a no-op
// update-status would load crypto, zlib, dgram… for nothing: ~3 ms on Node 20, ~16 ms on Debian's Node 18,
// which has no code cache for its own modules (`make bench`, figure 1). Each such import resolves to a small
// module whose exports are getters that require the real builtin on first access; esbuild's ESM interop
// reads imported names at each use, so the first call loads it and nothing else changes.
import { builtinModules, createRequire } from 'node:module';
import type { Plugin } from 'esbuild';

/** Not part of Node's bootstrap, and not needed by every hook. */
export const LAZY_BUILTINS = [
  'child_process', 'crypto', 'dgram', 'dns', 'http', 'http2', 'https', 'net', 'readline', 'tls', 'v8', 'vm', 'worker_threads', 'zlib',
] as const;

const NAMESPACE = 'lazy-builtin';
const requireHere = createRequire(__filename);

/** The source of the stand-in module for `name` (node:NAME): one lazy getter per export of this Node's builtin. */
export function lazyBuiltinSource(name: string): string {
  const keys = Object.keys(requireHere(`node:${name}`) as object).filter((key) => key !== 'default');
  return [
    `let real;`,
    `const load = () => real || (real = require(${JSON.stringify(`node:${name}`)}));`,
    `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(module.exports, key, { enumerable: true, get: () => load()[key] });`,
  ].join('\n');
}

export const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(build) {
    const lazy = new Set<string>(LAZY_BUILTINS.filter((name) => builtinModules.includes(name)));
    const filter = new RegExp(`^(node:)?(${[...lazy].join('|')})$`);
    build.onResolve({ filter }, (args) =>
      // The stand-in's own require of the real module stays a plain external require.
      args.namespace === NAMESPACE ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: NAMESPACE },
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: lazyBuiltinSource(args.path), loader: 'js' }));
  },
};
