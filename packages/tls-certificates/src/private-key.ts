// The unit's private key: made once on the unit, owner-only, never logged, never leaves the machine.
// Imports node:crypto (see pem.ts).
import { createPrivateKey, generateKeyPair, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { PrivateKeyError } from './errors';

export interface PrivateKeyOptions {
  /** File mode; owner-only (no group or other bits) is enforced. Default 0o600. */
  readonly mode?: number;
}

/**
 * Makes sure `path` holds a private key: an existing parsable key is kept (its mode corrected), anything else
 * is replaced by a new RSA 2048 key in PKCS#8 PEM, written atomically (temp file, fsync, rename).
 * `created` tells the caller that certificates made for an older key no longer fit.
 */
export async function ensurePrivateKey(path: string, options: PrivateKeyOptions = {}): Promise<{ created: boolean }> {
  const mode = options.mode ?? 0o600;
  if (!isAbsolute(path)) throw new PrivateKeyError(path, 'the path must be absolute');
  if ((mode & 0o077) !== 0) throw new PrivateKeyError(path, `mode ${mode.toString(8)} is not owner-only`);

  const existing = await fs.lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new PrivateKeyError(path, `cannot stat: ${error.code ?? 'error'}`);
  });
  if (existing && !existing.isFile()) throw new PrivateKeyError(path, 'exists and is not a regular file (a symlink?)');
  if (existing && isPrivateKey(await fs.readFile(path, 'utf8'))) {
    if ((existing.mode & 0o777) !== mode) await fs.chmod(path, mode);
    return { created: false };
  }

  // promisify here, not at load: touching generateKeyPair loads node:crypto, which hooks without TLS work skip.
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  await writeAtomically(path, pem, mode);
  return { created: true };
}

function isPrivateKey(text: string): boolean {
  try {
    return createPrivateKey(text).type === 'private';
  } catch {
    return false;
  }
}

async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const directory = dirname(path);
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const temp = join(directory, `.${randomBytes(6).toString('hex')}.key.tmp`);
  // 'wx' with the mode: the key is never readable by others, not even for a moment.
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  const dir = await fs.open(directory, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
