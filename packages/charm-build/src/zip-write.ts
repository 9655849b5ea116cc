import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { CharmBuildError } from './errors';

const UNIX = 3; // "version made by" host: readers honour the unix mode only from this host
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
/** Every entry gets this DOS timestamp (the earliest one), so that equal trees give equal archives. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export interface TreeEntry {
  /** Path inside the archive, '/'-separated. */
  path: string;
  kind: 'file' | 'symlink';
  /** Unix mode with the file type bits, as stored in the external attributes. */
  mode: number;
  /** File content, or the link target for a symlink. */
  data: Uint8Array;
}

/**
 * Lists a tree in the order it is zipped: sorted by path. Files are 0755 when executable, else 0644;
 * symlinks stay links (juju's unzip recreates them), and must point inside the tree.
 */
export function listTree(root: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(root, relative))) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const stat = lstatSync(join(root, path));
      if (stat.isDirectory()) walk(path);
      else if (stat.isSymbolicLink()) {
        const target = readlinkSync(join(root, path));
        assertLinkInside(path, target);
        entries.push({ path, kind: 'symlink', mode: S_IFLNK | 0o777, data: Buffer.from(target) });
      } else if (stat.isFile()) {
        const permissions = stat.mode & 0o111 ? 0o755 : 0o644;
        entries.push({ path, kind: 'file', mode: S_IFREG | permissions, data: readFileSync(join(root, path)) });
      } else throw new CharmBuildError('zip', `${join(root, path)} is neither a file, a directory nor a symlink`);
    }
  };
  walk('');
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A symlink target must be relative and stay inside the archive, or Juju refuses to unpack it. */
export function assertLinkInside(path: string, target: string): void {
  const depth = path.split('/').length - 1;
  let level = depth;
  if (target.startsWith('/')) throw new CharmBuildError('zip', `symlink ${path} -> ${target} is absolute`);
  for (const part of target.split('/')) {
    if (part === '..') level -= 1;
    else if (part !== '.' && part !== '') level += 1;
    if (level < 0) throw new CharmBuildError('zip', `symlink ${path} -> ${target} points outside the charm`);
  }
}

/** Zips entries in the given order; files are deflated, symlinks stored. */
export function zipEntries(entries: TreeEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else chunks.push(chunk);
  });
  for (const entry of entries) {
    const file = entry.kind === 'symlink' ? new ZipPassThrough(entry.path) : new ZipDeflate(entry.path, { level: 9 });
    file.os = UNIX;
    file.attrs = (entry.mode << 16) >>> 0;
    file.mtime = FIXED_MTIME;
    zip.add(file);
    file.push(entry.data, true);
  }
  zip.end();
  if (failure) throw new CharmBuildError('zip', `cannot zip: ${(failure as Error).message}`);
  return Buffer.concat(chunks);
}

/** The .charm archive of an unpacked charm tree. */
export function zipCharmTree(treeDir: string): Uint8Array {
  return zipEntries(listTree(treeDir));
}
