// Builds the unit's startup snapshot (snapshot-entry.ts) at the end of an update-status that ran without one;
// dispatch starts only update-status from it. A snapshot belongs to one Node binary and one build of the bundle at
// one path, so it is made on the unit, like the code cache. Building it costs ~0.25 s of CPU once: update-status,
// which comes when the unit is idle, pays it, not the burst of hooks that deploys or relates a unit.
// Only node builtins may be imported here, loaded on use.
import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadedBuiltins, SNAPSHOT_ENTRY_FILE, SNAPSHOT_MARKER_FILE, SNAPSHOT_PROBE_ANSWER, SNAPSHOT_PROBE_ENV, SNAPSHOT_SUFFIX } from './snapshot-files';
import { trimSnapshot } from './snapshot-trim';

export type SnapshotOutcome = 'built' | 'present' | 'refused' | 'failed' | 'unsupported' | 'charm unsupported' | 'disabled' | 'not this hook';

export interface SnapshotOptions {
  /** The charm directory: dispatch's working directory, where .node-path and the marker live. */
  readonly charmDir: string;
  /** dist/charm.bundle.js */
  readonly bundlePath: string;
  readonly bundleHash: string;
  /** The cache key the code cache uses (path, Node version and architecture): the blob's name carries it too. */
  readonly cachePath: string;
  /** Whether the bundle hands its hook over to the builder (charm-build's snapshotCapable); else it is never snapshotted. */
  readonly capable: boolean;
  /** The Node builtins the bundle and its chunks can load: the blob keeps their code cache (snapshot-trim.ts). */
  readonly builtins: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Node builds with their own startup snapshot can build a user one (Node >= 20; 18's is experimental). Debian's
 * builds (Ubuntu's nodejs) have none, and building one there fails ("Unknown external reference").
 */
export function userSnapshotsSupported(): boolean {
  const major = Number(process.versions.node.split('.')[0]);
  const variables = (process.config as { variables?: { node_use_node_snapshot?: unknown } }).variables;
  return major >= 20 && variables?.node_use_node_snapshot === true;
}

/** The blob for a code cache path: the same name with the snapshot suffix, relative to the charm directory. */
export function snapshotPathFor(cachePath: string): string {
  return cachePath.replace(/\.v8cache$/, SNAPSHOT_SUFFIX);
}

/** 'due' when this hook is an update-status, the Node can build a snapshot, and there is none yet for this node and bundle. */
export function snapshotDue(options: SnapshotOptions): Exclude<SnapshotOutcome, 'built' | 'failed'> | 'due' {
  if (options.env['JUJU_DISPATCH_PATH'] !== 'hooks/update-status') return 'not this hook';
  if (options.env['CHARM_STARTUP_SNAPSHOT'] === 'off' || options.env['CHARM_CODE_CACHE'] === 'off') return 'disabled';
  if (!options.capable) return 'charm unsupported';
  if (!userSnapshotsSupported()) return 'unsupported';
  const files = snapshotFiles(options);
  if (files === undefined) return 'unsupported'; // not started by dispatch: it would not use a snapshot
  const { node, blob, blobName, marker } = files;
  const [markedNode, markedDir, markedBlob] = readLines(marker);
  const mine = markedNode === node && markedDir === charmDirOf(options);
  if (mine && markedBlob === `refused ${blobName}`) return 'refused';
  if (mine && markedBlob === blobName && existsSync(blob)) return 'present';
  return 'due';
}

/**
 * Builds the snapshot and names it in the marker for dispatch. `codeCache`: the bundle's functions this
 * update-status compiled, handed to the builder so that their bytecode is in the snapshot. `note` hears how the
 * builtins' code cache was trimmed.
 */
export function buildSnapshot(options: SnapshotOptions, codeCache: Buffer, note?: (line: string) => void): 'built' | 'failed' {
  const files = snapshotFiles(options);
  if (files === undefined) return 'failed';
  const { node, blob, blobName, marker } = files;
  const temp = `${blob}.tmp`;
  const cacheFile = `${blob}.v8cache.tmp`;
  const loadedFile = `${blob}.builtins.tmp`;
  if (!writeQuietly(cacheFile, codeCache)) return 'failed';
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  // No hook environment: nothing of this hook may be frozen into the snapshot.
  const env: Record<string, string> = {};
  if (options.env['LD_LIBRARY_PATH'] !== undefined) env['LD_LIBRARY_PATH'] = options.env['LD_LIBRARY_PATH'];
  const built = spawnSync(process.execPath, ['--snapshot-blob', temp, '--build-snapshot', join(dirname(options.bundlePath), SNAPSHOT_ENTRY_FILE), cacheFile, loadedFile], {
    cwd: options.charmDir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  removeQuietly(cacheFile);
  const snapshotLoaded = new Set(readLines(loadedFile).filter((id) => id !== ''));
  removeQuietly(loadedFile);
  if (built.status === 0 && existsSync(temp)) {
    const trim = trimSnapshot({
      blob: temp,
      snapshotLoaded,
      charmLoads: builtinsLoadedFor(options.builtins),
      probe: (candidate) => startsFrom(candidate, options, env),
    });
    note?.(trim.trimmed ? `snapshot builtins' code cache: ${trim.kept} of ${trim.of} kept (${Math.round(trim.bytesSaved / 1024)} KiB less)` : `snapshot builtins' code cache kept whole: ${trim.reason}`);
  }
  if (built.status !== 0 || !existsSync(temp)) {
    removeQuietly(temp);
    // Not again for this node and build: the hooks keep the code cache.
    writeAtomically(marker, `${node}\n${charmDirOf(options)}\nrefused ${blobName}\n`);
    return 'failed';
  }
  try {
    renameSync(temp, blob);
  } catch {
    removeQuietly(temp);
    return 'failed';
  }
  writeAtomically(marker, `${node}\n${charmDirOf(options)}\n${blobName}\n`);
  removeOtherBlobs(dirname(blob), blob);
  return 'built';
}

/** Whether this node, started from `blob` as dispatch starts it, reaches the snapshot's own code (snapshot-entry.ts). */
function startsFrom(blob: string, options: SnapshotOptions, env: Readonly<Record<string, string>>): boolean {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const started = spawnSync(process.execPath, ['--snapshot-blob', blob, join(dirname(options.bundlePath), 'charm.js')], {
    cwd: options.charmDir,
    env: { ...env, [SNAPSHOT_PROBE_ENV]: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 60_000,
  });
  return started.status === 0 && started.stdout === `${SNAPSHOT_PROBE_ANSWER}\n`;
}

/**
 * The builtins a hook may load: this process's (it ran a hook from the bundle) once it has loaded the charm's own
 * imports, with whatever those load in turn on this Node. Loaded here, at the end of the hook, and never again.
 */
function builtinsLoadedFor(imports: readonly string[]): Set<string> {
  for (const id of imports) {
    try {
      require(id);
    } catch {
      // Not in this Node (a newer builtin): nothing of it to keep.
    }
  }
  return new Set(loadedBuiltins());
}

/** The node dispatch runs (from .node-path), the blob (absolute and as the marker names it) and the marker. */
function snapshotFiles(options: SnapshotOptions): { node: string; blob: string; blobName: string; marker: string } | undefined {
  const node = readFirstLine(join(options.charmDir, '.node-path'));
  if (node === undefined) return undefined;
  const blob = snapshotPathFor(options.cachePath);
  return { node, blob, blobName: relativeTo(options.charmDir, blob), marker: join(options.charmDir, SNAPSHOT_MARKER_FILE) };
}

/** The charm directory as dispatch sees it: it changes into $JUJU_CHARM_DIR, and compares that (or $PWD) with the marker. */
function charmDirOf(options: SnapshotOptions): string {
  return options.env['JUJU_CHARM_DIR'] || options.charmDir;
}

function relativeTo(dir: string, path: string): string {
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n');
  } catch {
    return [];
  }
}

function readFirstLine(path: string): string | undefined {
  const line = readLines(path)[0];
  return line === undefined || line === '' ? undefined : line;
}

function writeAtomically(path: string, content: string): void {
  const temp = `${path}.tmp`;
  if (!writeQuietly(temp, content)) return; // a read-only charm directory: dispatch finds no marker and runs without a snapshot
  try {
    renameSync(temp, path);
  } catch {
    removeQuietly(temp);
  }
}

function writeQuietly(path: string, content: string | Buffer): boolean {
  try {
    writeFileSync(path, content, { mode: 0o644 });
    return true;
  } catch {
    removeQuietly(path);
    return false;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Not there.
  }
}

/** Blobs of earlier builds or Node versions: 5-10 MB each, of no further use. */
function removeOtherBlobs(dir: string, keep: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.endsWith(SNAPSHOT_SUFFIX) && path !== keep) unlinkSync(path);
    }
  } catch {
    // They only take space.
  }
}
