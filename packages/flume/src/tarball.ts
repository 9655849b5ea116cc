import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ResourceError } from './errors';
import { isErrno } from './files';
import {
  DEFAULT_TARBALL_LIMITS,
  maxStreamBytes,
  TarballRules,
  type TarballLimits,
  type TarballSummary,
  type TarEntryHeader,
} from './tarball-rules';

export interface InspectedTarball extends TarballSummary {
  /** sha256 of the resource file, to recognise an already installed one. */
  readonly sha256: string;
}

/** Reads the whole archive without writing anything and says whether it is a safe Flume distribution. */
export async function inspectFlumeTarball(
  file: string,
  limits: TarballLimits = DEFAULT_TARBALL_LIMITS,
): Promise<InspectedTarball> {
  const rules = new TarballRules(limits);
  const { Parser } = await import('tar');
  const sha256 = await scan(file, limits, rules, (filter) => {
    const parser = new Parser({ strict: true, filter, onReadEntry: (entry) => entry.resume() });
    return parser;
  });
  return { ...rules.finish(), sha256 };
}

/**
 * Extracts the archive into `destDir` (which must exist and be empty), applying the same rules again to
 * every entry. Owners from the archive are ignored (everything is owned by the extracting user) and
 * group/other write bits are dropped. Returns what inspection returns.
 */
export async function extractFlumeTarball(
  file: string,
  destDir: string,
  limits: TarballLimits = DEFAULT_TARBALL_LIMITS,
): Promise<InspectedTarball> {
  const rules = new TarballRules(limits);
  const { Unpack } = await import('tar');
  const sha256 = await scan(file, limits, rules, (filter) => {
    return new Unpack({ cwd: destDir, strict: true, filter, preserveOwner: false, umask: 0o022, noMtime: false });
  });
  return { ...rules.finish(), sha256 };
}

/** What scan() needs of a node-tar Parser or Unpack. */
interface TarSink {
  write(chunk: Buffer): boolean;
  end(): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'end' | 'drain', listener: () => void): unknown;
}
// node-tar types the filter's entry as `ReadEntry | Stats`; when reading an archive it is always a ReadEntry.
type Filter = (path: string, entry: unknown) => boolean;

/** How long a sink may take to finish the entries it has after the input ends; bounds a hook, never reached in practice. */
const SETTLE_TIMEOUT_MS = 60_000;

function asHeader(entry: unknown): TarEntryHeader {
  const e = entry as Partial<TarEntryHeader>;
  return { path: String(e.path ?? ''), type: String(e.type ?? ''), size: Number(e.size ?? 0), mode: e.mode, linkpath: e.linkpath };
}

/**
 * Streams the file (gunzipped when it is gzip) into a tar sink, counting decompressed bytes against the
 * limit, and returns the file's sha256. Every failure becomes a ResourceError.
 *
 * Whatever happens, the sink is ended and its 'end' awaited before scan() returns or throws: an Unpack
 * reports 'end' only once every file it started writing is written, so a caller that removes the
 * directory after a refusal never races node-tar's last writes (ENOTEMPTY, or a directory recreated after
 * its removal). A broken rule therefore skips the remaining entries instead of aborting the sink, which
 * would leave those writes unreported.
 */
async function scan(
  file: string,
  limits: TarballLimits,
  rules: TarballRules,
  makeSink: (filter: Filter) => TarSink,
): Promise<string> {
  const gzip = await startsWithGzipMagic(file);
  let ruleFailure: Error | undefined;
  let sinkFailure: Error | undefined;
  let streamFailure: unknown;
  const sink = makeSink((_path, entry) => {
    if (ruleFailure) return false;
    try {
      rules.check(asHeader(entry));
      return true;
    } catch (error) {
      ruleFailure = error as Error;
      return false;
    }
  });
  let wake: () => void = () => undefined;
  sink.on('error', (error) => {
    sinkFailure ??= error;
    wake();
  });
  const ended = new Promise<boolean>((resolve) => {
    sink.once('end', () => resolve(true));
  });

  const hash = createHash('sha256');
  const source = createReadStream(file);
  source.on('data', (chunk) => hash.update(chunk));
  const gunzip = gzip ? createGunzip() : undefined;
  if (gunzip) {
    source.on('error', (error) => gunzip.destroy(error));
    source.pipe(gunzip);
  }
  const decompressed: AsyncIterable<Buffer> = gunzip ?? source;
  const streamLimit = maxStreamBytes(limits);
  let bytes = 0;
  try {
    for await (const chunk of decompressed) {
      bytes += chunk.length;
      if (bytes > streamLimit) throw new ResourceError('too-large', `decompresses to more than ${streamLimit} bytes`);
      if (ruleFailure || sinkFailure) break;
      if (!sink.write(chunk)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          sink.once('drain', resolve);
        });
      }
    }
  } catch (error) {
    streamFailure = error;
  } finally {
    source.destroy();
    gunzip?.destroy();
  }
  sink.end();
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([ended, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), SETTLE_TIMEOUT_MS)))]);
  clearTimeout(timer);
  // The first cause: a broken rule, then the input's own failure (a truncated gzip), then what node-tar said.
  const failure = ruleFailure ?? streamFailure ?? sinkFailure;
  if (failure !== undefined) throw asResourceError(failure);
  if (!settled) throw new ResourceError('corrupt', `the archive was not read to its end within ${SETTLE_TIMEOUT_MS / 1000} s`);
  return hash.digest('hex');
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ResourceError('unreadable', `${file} is not a regular file`);
    if (stat.size === 0) throw new ResourceError('missing', 'the attached file is empty');
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch (error) {
    if (error instanceof ResourceError) throw error;
    if (isErrno(error, 'ENOENT')) throw new ResourceError('missing', `no file at ${file}`);
    throw new ResourceError('unreadable', (error as Error).message);
  } finally {
    await handle?.close();
  }
}

function asResourceError(error: unknown): ResourceError {
  if (error instanceof ResourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || /unexpected end of file|incorrect header check/i.test(message)) {
    return new ResourceError('corrupt', `bad gzip stream (${message})`);
  }
  if (/TAR_BAD_ARCHIVE|Truncated|Unrecognized archive/i.test(message)) {
    return new ResourceError('corrupt', message.replace(/^TAR_BAD_ARCHIVE: /, ''));
  }
  return new ResourceError('corrupt', message);
}
