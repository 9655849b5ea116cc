// The files and names of a unit's startup snapshot, shared by the loader, the builder and the snapshot. dispatch.sh spells the file names too.
/** Three lines: the node dispatch runs (as .node-path names it), the charm directory, then the blob (relative path) or `refused BLOB`. */
export const SNAPSHOT_MARKER_FILE = '.node-snapshot';
/** Made by dispatch just before a hook starts from the snapshot, removed by the snapshot as it starts. */
export const SNAPSHOT_PENDING_FILE = '.node-snapshot.pending';
/** The builder's entry beside the bundle (snapshot-entry.ts). */
export const SNAPSHOT_ENTRY_FILE = 'snapshot.js';
export const SNAPSHOT_SUFFIX = '.snapshot';
/** The global symbol key by which @flume-charms/reactive's main() hands its hook over to the builder (spelled there too). */
export const DEFER_HOOK_KEY = 'flume-charms.defer-hook';
/** Set for a node started from a new blob only to see that it starts: the snapshot then prints the answer and ends. */
export const SNAPSHOT_PROBE_ENV = 'CHARM_SNAPSHOT_PROBE';
export const SNAPSHOT_PROBE_ANSWER = 'snapshot started';

/** The builtins this process has loaded, from Node's process.moduleLoadList (`NativeModule fs`; not in @types/node). */
export function loadedBuiltins(): string[] {
  const list = (process as { moduleLoadList?: readonly string[] }).moduleLoadList ?? [];
  return list.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
}
