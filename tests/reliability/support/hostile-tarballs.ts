// Hostile `flume` resources. Each is the stand-in Flume layout (so only the attack makes it bad) plus one
// attack, written with a minimal ustar writer: node-tar would sanitise the very entries we need to forge.
import { randomBytes } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { STANDIN_FLUME_VERSION } from '../../support';

export const TOP = `apache-flume-${STANDIN_FLUME_VERSION}-bin`;

export interface TarEntry {
  readonly name: string;
  /** ustar type flag: 0 file, 1 hardlink, 2 symlink, 3 char device, 4 block device, 5 directory, 6 fifo. */
  readonly type: '0' | '1' | '2' | '3' | '4' | '5' | '6';
  readonly mode?: number;
  readonly body?: Buffer;
  /** Declared size when no body is given (for entries whose data is streamed separately). */
  readonly size?: number;
  readonly linkname?: string;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** One 512-byte ustar header; names up to 100 bytes, or split into prefix/name up to 255. */
export function tarHeader(entry: TarEntry): Buffer {
  const header = Buffer.alloc(512, 0);
  let name = entry.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  header.write(name, 0, 100, 'utf8');
  header.write(octal(entry.mode ?? (entry.type === '5' ? 0o755 : 0o644), 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(entry.body?.length ?? entry.size ?? 0, 12), 124, 'ascii');
  header.write(octal(1_700_000_000, 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write(entry.type, 156, 'ascii');
  header.write(entry.linkname ?? '', 157, 100, 'utf8');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7), 148, 'ascii');
  return header;
}

function pad(body: Buffer): Buffer {
  const rest = body.length % 512;
  return rest === 0 ? body : Buffer.concat([body, Buffer.alloc(512 - rest)]);
}

export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(tarHeader(entry));
    if (entry.body) parts.push(pad(entry.body));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const text = (s: string): Buffer => Buffer.from(s, 'utf8');

/** The stand-in Flume layout, as entries. */
export function flumeEntries(): TarEntry[] {
  return [
    { name: `${TOP}/`, type: '5' },
    { name: `${TOP}/bin/`, type: '5' },
    { name: `${TOP}/bin/flume-ng`, type: '0', mode: 0o755, body: text('#!/bin/sh\nexit 1\n') },
    { name: `${TOP}/lib/`, type: '5' },
    { name: `${TOP}/lib/flume-ng-core-${STANDIN_FLUME_VERSION}.jar`, type: '0', body: text('stand-in\n') },
    { name: `${TOP}/conf/`, type: '5' },
    { name: `${TOP}/conf/flume-conf.properties.template`, type: '0', body: text('# stand-in\n') },
  ];
}

export interface Attack {
  readonly name: string;
  /** The ResourceError reason the install path must give. */
  readonly reason: 'unsafe-entry' | 'not-flume' | 'corrupt' | 'too-large';
  /** The start of the blocked status message for that reason. */
  readonly status: string;
  readonly file: string;
}

const STATUS = {
  'unsafe-entry': 'Unsafe flume resource',
  'not-flume': 'flume resource is not an Apache Flume binary tarball',
  corrupt: 'Corrupt flume resource',
  'too-large': 'flume resource too large',
} as const;

/**
 * Writes every attack into `dir`. `outside` is a directory beside the install target that links aim at;
 * `absoluteTarget` an absolute path (in a temp dir) that absolute entries aim at.
 */
export async function writeAttacks(dir: string, options: { outside: string; absoluteTarget: string }): Promise<Attack[]> {
  const attacks: Attack[] = [];
  const add = (name: string, reason: Attack['reason'], content: Buffer): void => {
    const file = path.join(dir, `${name}.tar.gz`);
    writeFileSync(file, content);
    attacks.push({ name, reason, status: STATUS[reason], file });
  };
  const withAttack = (...extra: TarEntry[]): Buffer => gzipSync(tarArchive([...flumeEntries(), ...extra]));
  const deep = '../'.repeat(12);

  add('path-traversal', 'unsafe-entry', withAttack({ name: `${TOP}/lib/${deep}${options.outside.replace(/^\//, '')}/evil.txt`, type: '0', body: text('pwned\n') }));
  add('path-traversal-top', 'unsafe-entry', withAttack({ name: `../evil.txt`, type: '0', body: text('pwned\n') }));
  add('absolute-path', 'unsafe-entry', withAttack({ name: options.absoluteTarget, type: '0', body: text('pwned\n') }));
  add('symlink-out-then-write-through', 'unsafe-entry', withAttack(
    { name: `${TOP}/lib/escape`, type: '2', linkname: `${deep}${options.outside.replace(/^\//, '')}` },
    { name: `${TOP}/lib/escape/evil.txt`, type: '0', body: text('pwned\n') },
  ));
  add('symlink-absolute', 'unsafe-entry', withAttack({ name: `${TOP}/conf/passwd`, type: '2', linkname: '/etc/passwd' }));
  add('hardlink-out', 'unsafe-entry', withAttack({ name: `${TOP}/conf/shadow`, type: '1', linkname: '/etc/shadow' }));
  add('hardlink-traversal', 'unsafe-entry', withAttack({ name: `${TOP}/conf/outside`, type: '1', linkname: `${TOP}/${deep}${options.outside.replace(/^\//, '')}/target.txt` }));
  add('char-device', 'unsafe-entry', withAttack({ name: `${TOP}/lib/null`, type: '3' }));
  add('block-device', 'unsafe-entry', withAttack({ name: `${TOP}/lib/sda`, type: '4' }));
  add('fifo', 'unsafe-entry', withAttack({ name: `${TOP}/lib/pipe`, type: '6' }));
  add('setuid-binary', 'unsafe-entry', withAttack({ name: `${TOP}/bin/su`, type: '0', mode: 0o4755, body: text('#!/bin/sh\n') }));
  add('not-flume', 'not-flume', gzipSync(tarArchive([
    { name: 'apache-tomcat-9.0.0/', type: '5' },
    { name: 'apache-tomcat-9.0.0/bin/catalina.sh', type: '0', mode: 0o755, body: text('#!/bin/sh\n') },
  ])));
  const good = withAttack();
  add('truncated', 'corrupt', good.subarray(0, Math.floor(good.length / 2)));
  add('not-an-archive', 'corrupt', randomBytes(4096));
  // Entry-count bomb: more entries than any Flume release has (limit 20,000).
  const many: TarEntry[] = [];
  for (let i = 0; i < 20_001; i += 1) many.push({ name: `${TOP}/lib/f${i}`, type: '0', body: Buffer.alloc(0) });
  add('tar-bomb-entries', 'too-large', withAttack(...many));
  attacks.push({ name: 'tar-bomb-size', reason: 'too-large', status: STATUS['too-large'], file: await sizeBomb(dir, 300 * 1024 * 1024) });
  return attacks;
}

/** A small gzip that unpacks to one zero-filled file of `bytes` (over the 256 MiB per-file limit). */
async function sizeBomb(dir: string, bytes: number): Promise<string> {
  const file = path.join(dir, 'tar-bomb-size.tar.gz');
  const gzip = createGzip({ level: 1 });
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const head = tarArchive(flumeEntries());
  gzip.write(head.subarray(0, head.length - 1024)); // without the end-of-archive blocks
  gzip.write(tarHeader({ name: `${TOP}/lib/bomb.bin`, type: '0', size: bytes }));
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  for (let written = 0; written < bytes; written += chunk.length) {
    if (!gzip.write(chunk.subarray(0, Math.min(chunk.length, bytes - written)))) await new Promise((r) => gzip.once('drain', r));
  }
  gzip.end(Buffer.alloc(1024));
  await done;
  return file;
}

