// The files of a unit's startup snapshot, in the charm directory. dispatch.sh spells the same names.
/** Three lines: the node dispatch runs (as .node-path names it), the charm directory, then the blob (relative path) or `refused BLOB`. */
export const SNAPSHOT_MARKER_FILE = '.node-snapshot';
/** Made by dispatch just before a hook starts from the snapshot, removed by the snapshot as it starts. */
export const SNAPSHOT_PENDING_FILE = '.node-snapshot.pending';
/** The builder's entry beside the bundle (snapshot-entry.ts). */
export const SNAPSHOT_ENTRY_FILE = 'snapshot.js';
export const SNAPSHOT_SUFFIX = '.snapshot';
/** The global symbol key by which @flume-charms/reactive's main() hands its hook over to the builder (spelled there too). */
export const DEFER_HOOK_KEY = 'flume-charms.defer-hook';
