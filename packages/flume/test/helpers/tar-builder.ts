import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';

// Builds tar archives header by header with node-tar's Header, so tests can produce exactly the hostile
// entries (`..`, absolute paths, links out, devices) that tar.create would sanitise away.

export interface RawEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'BlockDevice' | 'FIFO';
  body?: string | Buffer;
  /** Claimed size, when it should differ from the body (bodies are then zero-filled). */
  size?: number;
  linkpath?: string;
  mode?: number;
}

export function tarBuffer(entries: readonly RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'File';
    const body = entry.body === undefined ? Buffer.alloc(entry.size ?? 0) : Buffer.from(entry.body);
    const size = type === 'File' ? body.length : 0;
    const header = new Header({
      path: entry.path,
      type,
      size,
      mode: entry.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      uid: 0,
      gid: 0,
      mtime: new Date(0),
      linkpath: entry.linkpath ?? '',
      uname: 'root',
      gname: 'root',
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (size > 0) {
      blocks.push(body);
      const pad = (512 - (size % 512)) % 512;
      if (pad) blocks.push(Buffer.alloc(pad));
    }
  }
  blocks.push(Buffer.alloc(1024)); // end-of-archive marker
  return Buffer.concat(blocks);
}

export function writeTarGz(file: string, entries: readonly RawEntry[]): string {
  writeFileSync(file, gzipSync(tarBuffer(entries)));
  return file;
}

/** The entries of a minimal but real-shaped Flume binary distribution. */
export function flumeDistribution(version = '1.11.0', extra: readonly RawEntry[] = []): RawEntry[] {
  const top = `apache-flume-${version}-bin`;
  return [
    { path: `${top}/`, type: 'Directory' },
    { path: `${top}/bin/`, type: 'Directory' },
    { path: `${top}/bin/flume-ng`, body: '#!/bin/bash\necho flume\n', mode: 0o755 },
    { path: `${top}/conf/`, type: 'Directory' },
    { path: `${top}/conf/flume-env.sh.template`, body: '# JAVA_OPTS\n' },
    { path: `${top}/lib/`, type: 'Directory' },
    { path: `${top}/lib/flume-ng-core-${version}.jar`, body: 'PK\u0003\u0004core' },
    { path: `${top}/lib/flume-ng-node-${version}.jar`, body: 'PK\u0003\u0004node' },
    { path: `${top}/lib/current-core.jar`, type: 'SymbolicLink', linkpath: `flume-ng-core-${version}.jar` },
    ...extra,
  ];
}
