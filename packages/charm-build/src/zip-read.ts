import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { inflateSync } from 'fflate';
import { CharmBuildError } from './errors';
import { assertLinkInside } from './zip-write';

export interface ArchiveEntry {
  path: string;
  kind: 'file' | 'symlink' | 'directory';
  /** Permission bits (0o777 mask); from the unix attributes, or 0644/0755 for archives made elsewhere. */
  permissions: number;
  /** File content, or the link target of a symlink. */
  data: Uint8Array;
}

const fail = (message: string): never => {
  throw new CharmBuildError('zip', message);
};

/**
 * Reads every entry of a zip archive from its central directory, with the unix modes that
 * fflate's own unzip does not report. Only stored and deflated entries (what .charm files use).
 */
export function readArchive(archive: Uint8Array): ArchiveEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  let end = -1;
  for (let at = archive.length - 22; at >= Math.max(0, archive.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return fail('not a zip archive: no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ArchiveEntry[] = [];
  const decoder = new TextDecoder();
  for (let index = 0; index < count; index++) {
    if (at + 46 > archive.length || view.getUint32(at, true) !== 0x02014b50) fail(`central directory entry ${index} is damaged`);
    const host = view.getUint8(at + 5);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const attributes = view.getUint32(at + 38, true);
    const local = view.getUint32(at + 42, true);
    const path = decoder.decode(archive.subarray(at + 46, at + 46 + nameLength));
    at += 46 + skip;

    if (local + 30 > archive.length || view.getUint32(local, true) !== 0x04034b50) fail(`${path}: local header is damaged`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = archive.subarray(start, start + compressedSize);
    if (raw.length !== compressedSize) fail(`${path}: data is truncated`);
    const data = method === 0 ? raw : method === 8 ? inflate(path, raw) : fail(`${path}: unsupported compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) fail(`${path}: data does not match its checksum`);

    const unixMode = host === 3 ? attributes >>> 16 : 0;
    const type = unixMode & 0o170000;
    const kind = type === 0o120000 ? 'symlink' : type === 0o040000 || path.endsWith('/') ? 'directory' : 'file';
    const permissions = unixMode & 0o777 || (kind === 'file' ? 0o644 : 0o755);
    entries.push({ path: path.replace(/\/$/, ''), kind, permissions, data });
  }
  return entries;
}

function inflate(path: string, raw: Uint8Array): Uint8Array {
  try {
    return inflateSync(raw);
  } catch (error) {
    return fail(`${path}: compressed data is damaged (${(error as Error).message})`);
  }
}

/** Rejects names that would land outside the target directory. */
function assertSafePath(path: string): void {
  const parts = path.split('/');
  if (path === '' || path.startsWith('/') || path.includes('\\') || parts.includes('..')) fail(`unsafe path in archive: ${JSON.stringify(path)}`);
}

/**
 * Unpacks a .charm file into `dir` as Juju does: modes kept, symlinks recreated (relative, inside only).
 * Symlinks are made last, and no entry may sit under one, so nothing is written through a link.
 */
export function unpackCharm(file: string, dir: string): ArchiveEntry[] {
  const entries = readArchive(readFileSync(file));
  const links = new Set(entries.filter((entry) => entry.kind === 'symlink').map((entry) => entry.path));
  for (const entry of entries) {
    assertSafePath(entry.path);
    const parts = entry.path.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      if (links.has(parts.slice(0, depth).join('/'))) fail(`${entry.path} lies under the symlink ${parts.slice(0, depth).join('/')}`);
    }
    if (entry.kind === 'symlink') assertLinkInside(entry.path, new TextDecoder().decode(entry.data));
  }
  mkdirSync(dir, { recursive: true });
  for (const entry of entries) {
    const target = join(dir, entry.path);
    if (entry.kind === 'directory') mkdirSync(target, { recursive: true, mode: entry.permissions });
    else if (entry.kind === 'file') {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, entry.data, { mode: entry.permissions });
      chmodSync(target, entry.permissions);
    }
  }
  for (const entry of entries) {
    if (entry.kind !== 'symlink') continue;
    const target = join(dir, entry.path);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(new TextDecoder().decode(entry.data), target);
  }
  return entries;
}
