import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCommand } from './commands';

export interface WriteResult {
  /** The file system path written. */
  readonly path: string;
  /** Whether the content differs from what was there before (false: the file was left alone). */
  readonly changed: boolean;
}

export interface WriteOptions {
  /** Permission bits of the file, e.g. 0o640. */
  mode: number;
  /** `chown` spec such as `root:flume`, applied to the temp file before it replaces the old one. */
  owner?: string;
}

/**
 * Writes `content` to `filePath` atomically: a temp file in the same directory, fsync, chmod, chown,
 * rename over the target, fsync of the directory. Readers see the old or the new file, never a mix.
 * Unchanged content is not rewritten (only a drifted mode is corrected), so mtimes and watchers stay quiet.
 */
export async function writeFileAtomic(filePath: string, content: string, options: WriteOptions): Promise<WriteResult> {
  const dir = path.dirname(filePath);
  // One fixed temp name per file: a unit runs one hook at a time, and a hook killed mid-write leaves at most
  // this one file, which the retry replaces (a random name would leave a stray per kill).
  const temp = path.join(dir, `.${path.basename(filePath)}.tmp`);
  const previous = await readFileIfExists(filePath);
  if (previous === content) {
    const stat = await fs.stat(filePath);
    if ((stat.mode & 0o7777) !== options.mode) await fs.chmod(filePath, options.mode);
    // A retry whose inputs changed back may find nothing to write: the killed hook's temp file goes all the same.
    await fs.rm(temp, { force: true });
    return { path: filePath, changed: false };
  }
  try {
    await fs.rm(temp, { force: true });
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await installFile(temp, filePath, options);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  return { path: filePath, changed: true };
}

/**
 * Puts a finished temp file (written here, or by a tool such as openssl or keytool) in place of `filePath`:
 * fsync, chmod, chown, rename over the target (same directory), fsync of the directory. Readers see the old or
 * the new file, never a mix, also after a crash.
 */
export async function installFile(temp: string, filePath: string, options: WriteOptions): Promise<void> {
  const handle = await fs.open(temp, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.chmod(temp, options.mode);
  if (options.owner) await runCommand('chown', [options.owner, temp]);
  await fs.rename(temp, filePath);
  await syncDirectory(path.dirname(filePath));
}

/**
 * Read synchronously: small files, one hook at a time, and every hook reads some. fs.promises would load its
 * module and start libuv's thread pool, 1.5 ms of CPU on Node 20 and 8 ms on Debian's Node 18 (issue 15).
 */
export async function readFileIfExists(filePath: string): Promise<string | undefined> {
  try {
    return readFileSync(filePath, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Makes a rename durable. Some file systems refuse fsync on directories; that is not an error here. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
