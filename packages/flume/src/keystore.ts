// The Java keystore a TLS source serves with (Flume's `keystore`, `keystore-password`, `keystore-type = PKCS12`),
// and the files it is made from. Loaded only by hooks that do TLS: node:crypto and openssl stay out of the others.
//
//   /etc/flume/APP/tls/                 root:flume 0750 (Flume reads the keystore, nothing else here is its)
//   /etc/flume/APP/tls/unit.key         root 0600: the unit's private key; it never leaves the unit
//   /etc/flume/APP/tls/keystore.p12     root:flume 0640: key + certificate + chain, PKCS#12
//   /etc/flume/APP/tls/keystore.pass    root 0600: the keystore password, generated once on the unit
//   /etc/flume/APP/tls/keystore.source  root 0600: a digest of what keystore.p12 was built from
import { randomBytes, createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runCommand } from './commands';
import { installFile, isErrno, readFileIfExists, writeFileAtomic } from './files';
import { machinePath } from './machine-path';
import type { FlumeLayout } from './paths';
import { FLUME_GROUP } from './user';

/** Where one application's TLS material lives (real machine paths, as rendered into flume.conf). */
export interface TlsLayout {
  readonly dir: string;
  readonly privateKey: string;
  readonly keystore: string;
  readonly keystorePassword: string;
  readonly keystoreSource: string;
}

export const KEYSTORE_TYPE = 'PKCS12';
/** The alias of the key entry: one key per keystore, so the name only has to be stable. */
const KEY_ALIAS = 'flume';
/** openssl reads the password from this variable (`-passout env:`), never from argv. */
const PASSWORD_VARIABLE = 'FLUME_KEYSTORE_PASSWORD';

export function tlsLayout(layout: FlumeLayout): TlsLayout {
  const dir = `${layout.configDir}/tls`;
  return {
    dir,
    privateKey: `${dir}/unit.key`,
    keystore: `${dir}/keystore.p12`,
    keystorePassword: `${dir}/keystore.pass`,
    keystoreSource: `${dir}/keystore.source`,
  };
}

/** Creates the TLS directory root:flume 0750 (a symlink in its place is refused, as ensureLayout does). */
export async function ensureTlsDir(tls: TlsLayout): Promise<void> {
  const real = machinePath(tls.dir);
  try {
    await fs.mkdir(real, { mode: 0o750 });
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  }
  const stat = await fs.lstat(real);
  if (!stat.isDirectory()) throw new Error(`${tls.dir} exists and is not a directory`);
  await fs.chmod(real, 0o750);
  await runCommand('chown', [`root:${FLUME_GROUP}`, real]);
}

/** A password for a Java keystore: 256 random bits, hex (one plain token in a properties file). */
function newPassword(): string {
  return randomBytes(32).toString('hex');
}

const PASSWORD = /^[0-9a-f]{64}$/;

/**
 * The unit's keystore password: generated once, then read back (root 0600). A file that is not one of ours
 * (damaged, edited) is replaced, which rebuilds the keystore with the new password.
 */
export async function ensureKeystorePassword(tls: TlsLayout): Promise<{ password: string; created: boolean }> {
  const file = machinePath(tls.keystorePassword);
  const stored = (await readFileIfExists(file))?.trim();
  if (stored !== undefined && PASSWORD.test(stored)) return { password: stored, created: false };
  const password = newPassword();
  await writeFileAtomic(file, `${password}\n`, { mode: 0o600 }); // written by the hook, as root
  return { password, created: true };
}

export interface KeystoreInput {
  /** The certificate of this unit (PEM), for the key at tls.privateKey. */
  readonly certificate: string;
  /** The CA and the rest of the chain (PEM blocks), as the provider gave them. */
  readonly chain: readonly string[];
  readonly password: string;
}

export interface KeystoreResult {
  /** False: the keystore on disk was already built from these inputs and was left alone. */
  readonly changed: boolean;
}

export interface WriteKeystoreOptions {
  /** Runs once a new keystore is needed, before it is built (e.g. `addPending(layout, ['restart'])`). */
  readonly beforeChange?: () => Promise<void>;
}

/** What a keystore is built from; PKCS#12 output differs on every run (random salts), so inputs are compared. */
function sourceDigest(key: string, input: KeystoreInput): string {
  const hash = createHash('sha256');
  for (const part of [key, input.certificate, ...input.chain, input.password]) hash.update(part.trim()).update('\0');
  return `sha256:${hash.digest('hex')}\n`;
}

/**
 * Builds the PKCS#12 keystore from the private key, the certificate and its chain with `openssl pkcs12 -export`
 * (password through the environment), into a temp file that replaces keystore.p12 by rename: Flume reads the old
 * or the new store, never half of one. Nothing is written when the keystore was built from the same inputs.
 * openssl refuses a certificate that does not match the key (CommandError); the old keystore then stays.
 */
export async function writeKeystore(tls: TlsLayout, input: KeystoreInput, options: WriteKeystoreOptions = {}): Promise<KeystoreResult> {
  const key = await readFileIfExists(machinePath(tls.privateKey));
  if (key === undefined) throw new Error(`no private key at ${tls.privateKey}`);
  const digest = sourceDigest(key, input);
  const keystore = machinePath(tls.keystore);
  const exists = (await readFileIfExists(keystore)) !== undefined;
  if (exists && (await readFileIfExists(machinePath(tls.keystoreSource))) === digest) {
    await fs.chmod(keystore, 0o640);
    return { changed: false };
  }
  // Before the new store can replace the old one: a hook killed after the rename still restarts Flume.
  await options.beforeChange?.();
  const dir = path.dirname(keystore);
  const certificates = path.join(dir, '.keystore.pem.tmp');
  const temp = path.join(dir, '.keystore.p12.tmp');
  try {
    await fs.rm(temp, { force: true });
    // The certificate first, then the chain: openssl pairs the key with the certificate that matches it and
    // stores the others as its chain.
    await fs.writeFile(certificates, [input.certificate, ...input.chain].map((pem) => `${pem.trim()}\n`).join(''), { mode: 0o600 });
    await runCommand(
      'openssl',
      ['pkcs12', '-export', '-inkey', machinePath(tls.privateKey), '-in', certificates, '-name', KEY_ALIAS, '-passout', `env:${PASSWORD_VARIABLE}`, '-out', temp],
      { env: { [PASSWORD_VARIABLE]: input.password } },
    );
    await installFile(temp, keystore, { mode: 0o640, owner: `root:${FLUME_GROUP}` });
  } finally {
    await fs.rm(temp, { force: true });
    await fs.rm(certificates, { force: true });
  }
  // After the keystore: a hook killed in between finds an old digest and builds the same keystore again.
  await writeFileAtomic(machinePath(tls.keystoreSource), digest, { mode: 0o600 });
  return { changed: true };
}

/** TLS turned off (plaintext allowed again): the keystore and its digest go; the key and password stay. */
export async function removeKeystore(tls: TlsLayout): Promise<boolean> {
  let removed = false;
  for (const file of [tls.keystore, tls.keystoreSource]) {
    try {
      await fs.unlink(machinePath(file));
      removed = true;
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
  return removed;
}

/**
 * The unit is being removed: its private key, keystore and password go with it (a machine that outlives the
 * unit must not keep a credential for the unit's addresses). Call it after Flume stopped.
 */
export async function removeTlsMaterial(tls: TlsLayout): Promise<void> {
  await fs.rm(machinePath(tls.dir), { recursive: true, force: true });
}
