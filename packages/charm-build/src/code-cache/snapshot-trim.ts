// Trims a freshly built startup snapshot to the builtins' code cache that a hook from it can use
// (builtin-code-cache.ts): those the charm may load that the snapshot has not loaded itself. The trimmed blob is
// used only once a node started from it has reached the snapshot's own code (the probe); otherwise the blob stays
// whole, as Node built it. Runs in the update-status that builds the snapshot, once per node and build.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { readBuiltinCodeCache, withBuiltinCodeCache } from './builtin-code-cache';

export interface TrimOptions {
  /** The blob as `node --build-snapshot` wrote it; replaced by the trimmed one on success. */
  readonly blob: string;
  /** The builtins the snapshot had loaded (the builder's list, one id per line). */
  readonly snapshotLoaded: ReadonlySet<string>;
  /** The builtins a hook may load: what a process loads for the charm's own imports. */
  readonly charmLoads: ReadonlySet<string>;
  /** Whether a node starts from the blob at this path and reaches the snapshot's code. */
  readonly probe: (blob: string) => boolean;
  readonly runtime?: { version: string; arch: string; platform: string };
}

export type TrimOutcome =
  | { readonly trimmed: true; readonly kept: number; readonly of: number; readonly bytesSaved: number }
  | { readonly trimmed: false; readonly reason: string };

export function trimSnapshot(options: TrimOptions): TrimOutcome {
  const runtime = options.runtime ?? { version: process.versions.node, arch: process.arch, platform: process.platform };
  let blob: Buffer;
  try {
    blob = readFileSync(options.blob);
  } catch (error) {
    return { trimmed: false, reason: `cannot read the blob: ${(error as Error).message}` };
  }
  const cache = readBuiltinCodeCache(blob, runtime);
  if (cache === undefined) return { trimmed: false, reason: `no builtin code cache in the layout known for Node ${runtime.version}` };
  if (options.snapshotLoaded.size === 0) return { trimmed: false, reason: 'the builder listed no loaded builtins' };
  const keep = (id: string): boolean => options.charmLoads.has(id) && !options.snapshotLoaded.has(id);
  const trimmed = withBuiltinCodeCache(blob, cache, keep);
  const temp = `${options.blob}.trim`;
  try {
    writeFileSync(temp, trimmed, { mode: 0o644 });
    if (!options.probe(temp)) {
      unlinkSync(temp);
      return { trimmed: false, reason: 'node did not start from the trimmed blob' };
    }
    renameSync(temp, options.blob);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Not written.
    }
    return { trimmed: false, reason: (error as Error).message };
  }
  return { trimmed: true, kept: cache.entries.filter((entry) => keep(entry.id)).length, of: cache.entries.length, bytesSaved: blob.length - trimmed.length };
}
