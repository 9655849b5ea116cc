// The Node builtins a bundle can load, from esbuild's metafile: every builtin stays an external require. A unit's
// startup snapshot keeps the code cache of those it has not loaded itself (code-cache/snapshot-trim.ts).
import { isBuiltin } from 'node:module';
import type { Metafile } from 'esbuild';

/** The builtins the metafile's inputs require or import, as they spell them (`node:fs`, `fs`), sorted. */
export function builtinImports(metafile: Metafile): string[] {
  const ids = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) if (imported.external && isBuiltin(imported.path)) ids.add(imported.path);
  }
  return [...ids].sort();
}
