import * as path from 'node:path';
import { ResourceError } from './errors';

// What an entry of the flume resource may be. One stateful checker validates the archive before anything
// is written (inspection) and again while extracting, so a file swapped in between cannot slip through.

export interface TarballLimits {
  /** Sum of the sizes of all entries, in bytes. */
  maxTotalBytes: number;
  /** Size of one entry, in bytes. */
  maxFileBytes: number;
  /** Number of entries (inode bomb). */
  maxEntries: number;
}

/** Apache Flume 1.11 unpacks to about 110 MB in ~400 entries; these leave ample room. */
export const DEFAULT_TARBALL_LIMITS: TarballLimits = {
  maxTotalBytes: 1024 * 1024 * 1024,
  maxFileBytes: 256 * 1024 * 1024,
  maxEntries: 20_000,
};

/** Decompressed stream bytes allowed: entry data plus generous room for headers and padding. */
export function maxStreamBytes(limits: TarballLimits): number {
  return limits.maxTotalBytes + limits.maxEntries * 2048 + 1024 * 1024;
}

/** The fields of a node-tar ReadEntry the rules look at. */
export interface TarEntryHeader {
  readonly path: string;
  readonly type: string;
  readonly size: number;
  readonly mode?: number | undefined;
  readonly linkpath?: string | undefined;
}

const ALLOWED_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);
const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);
const CORE_JAR = /^flume-ng-core-(.+)\.jar$/;
/** A version that is safe in a directory name and in application-version-set. */
const VERSION = /^[0-9]+(?:\.[0-9]+){1,3}(?:[-.][A-Za-z0-9]+)*$/;

export interface TarballSummary {
  /** The single top-level directory, e.g. `apache-flume-1.11.0-bin`. */
  readonly topDir: string;
  /** From lib/flume-ng-core-VERSION.jar. */
  readonly version: string;
  readonly entries: number;
  readonly totalBytes: number;
}

type Kind = 'file' | 'dir' | 'symlink';

export class TarballRules {
  private topDir: string | undefined;
  private readonly seen = new Map<string, Kind>();
  private totalBytes = 0;
  private entries = 0;

  constructor(private readonly limits: TarballLimits) {}

  /** Throws a ResourceError for an entry that must not be extracted. Returns the normalised path. */
  check(entry: TarEntryHeader): string {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      throw new ResourceError('too-large', `more than ${this.limits.maxEntries} entries`);
    }
    const rel = normaliseEntryPath(entry.path);
    if (rel === '' && entry.type === 'Directory') return rel; // `./`: the archive root itself
    if (rel === '') throw new ResourceError('unsafe-entry', `bad entry name ${JSON.stringify(entry.path)}`);
    const segments = rel.split('/');
    const shown = JSON.stringify(truncatePath(entry.path));

    if (!ALLOWED_TYPES.has(entry.type)) {
      throw new ResourceError('unsafe-entry', `${entry.type} entry ${shown}`);
    }
    if (entry.mode !== undefined && (entry.mode & 0o6000) !== 0) {
      throw new ResourceError('unsafe-entry', `setuid/setgid entry ${shown}`);
    }
    if (entry.size > this.limits.maxFileBytes) {
      throw new ResourceError('too-large', `entry ${shown} is ${entry.size} bytes (limit ${this.limits.maxFileBytes})`);
    }
    this.totalBytes += entry.size;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      throw new ResourceError('too-large', `unpacks to more than ${this.limits.maxTotalBytes} bytes`);
    }

    const top = segments[0] ?? '';
    if (this.topDir === undefined) this.topDir = top;
    if (top !== this.topDir) {
      throw new ResourceError('not-flume', `entries under both ${this.topDir}/ and ${top}/ (expected one top directory)`);
    }
    if (segments.length === 1 && entry.type !== 'Directory') {
      throw new ResourceError('not-flume', `top-level ${entry.type.toLowerCase()} ${shown} (expected one top directory)`);
    }
    // Writing through a symlinked directory would land outside the tree.
    for (let i = 1; i < segments.length; i += 1) {
      if (this.seen.get(segments.slice(0, i).join('/')) === 'symlink') {
        throw new ResourceError('unsafe-entry', `entry ${shown} below a symlink`);
      }
    }
    const previous = this.seen.get(rel);
    if (previous !== undefined && !(previous === 'dir' && entry.type === 'Directory')) {
      throw new ResourceError('unsafe-entry', `duplicate entry ${shown}`);
    }

    if (entry.type === 'SymbolicLink') this.checkSymlink(rel, entry.linkpath, shown);
    if (entry.type === 'Link') this.checkHardlink(entry.linkpath, shown);

    this.seen.set(rel, entry.type === 'Directory' ? 'dir' : entry.type === 'SymbolicLink' ? 'symlink' : 'file');
    return rel;
  }

  /** After the last entry: is this a Flume distribution? */
  finish(): TarballSummary {
    const top = this.topDir;
    if (top === undefined) throw new ResourceError('not-flume', 'empty archive');
    if (this.seen.get(`${top}/bin/flume-ng`) !== 'file') {
      throw new ResourceError('not-flume', 'no bin/flume-ng');
    }
    const versions: string[] = [];
    for (const [entryPath, kind] of this.seen) {
      const parts = entryPath.split('/');
      if (kind !== 'file' || parts.length !== 3 || parts[1] !== 'lib') continue;
      const match = CORE_JAR.exec(parts[2] ?? '');
      if (match?.[1] !== undefined) versions.push(match[1]);
    }
    if (versions.length === 0) throw new ResourceError('not-flume', 'no lib/flume-ng-core-*.jar');
    if (versions.length > 1) throw new ResourceError('not-flume', `several flume-ng-core jars: ${versions.join(', ')}`);
    const version = versions[0] as string;
    if (!VERSION.test(version) || version.length > 40) {
      throw new ResourceError('not-flume', `unrecognised version ${JSON.stringify(version)}`);
    }
    return { topDir: top, version, entries: this.entries, totalBytes: this.totalBytes };
  }

  private checkSymlink(rel: string, linkpath: string | undefined, shown: string): void {
    if (!linkpath || path.posix.isAbsolute(linkpath) || hasControl(linkpath)) {
      throw new ResourceError('unsafe-entry', `symlink ${shown} -> ${JSON.stringify(linkpath ?? '')}`);
    }
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), linkpath));
    if (!this.insideTop(resolved)) {
      throw new ResourceError('unsafe-entry', `symlink ${shown} points outside the archive (${linkpath})`);
    }
  }

  private checkHardlink(linkpath: string | undefined, shown: string): void {
    let target: string;
    try {
      target = normaliseEntryPath(linkpath ?? '');
    } catch {
      throw new ResourceError('unsafe-entry', `hardlink ${shown} -> ${JSON.stringify(linkpath ?? '')}`);
    }
    if (!this.insideTop(target) || this.seen.get(target) !== 'file') {
      throw new ResourceError('unsafe-entry', `hardlink ${shown} does not point to a file of the archive (${linkpath})`);
    }
  }

  private insideTop(resolved: string): boolean {
    return this.topDir !== undefined && (resolved === this.topDir || resolved.startsWith(`${this.topDir}/`));
  }
}

/** `./a//b/` -> `a/b` (`./` -> ``); rejects absolute paths, `..`, backslashes and control characters. */
export function normaliseEntryPath(raw: string): string {
  const shown = JSON.stringify(truncatePath(raw));
  if (raw === '' || hasControl(raw) || raw.includes('\\')) {
    throw new ResourceError('unsafe-entry', `bad entry name ${shown}`);
  }
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    throw new ResourceError('unsafe-entry', `absolute path ${shown}`);
  }
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new ResourceError('unsafe-entry', `path traversal ${shown}`);
  return segments.join('/');
}

function hasControl(text: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(text);
}

function truncatePath(p: string): string {
  return p.length > 60 ? `${p.slice(0, 59)}…` : p;
}
