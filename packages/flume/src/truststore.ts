// The Java truststores an agent's TLS sinks verify their sink with (Flume's `truststore`, `truststore-password`,
// `truststore-type = PKCS12` on an avro or thrift sink). One file per distinct CA bundle, named by the bundle's
// sha256 (the flume-agent interface's tlsCaId): sinks that share a CA share a store, and a new CA is a new file,
// so flume.conf changes and Flume restarts onto it. Loaded only by hooks that do TLS.
//
//   /etc/flume/APP/tls/                        root:flume 0750 (ensureTlsDir)
//   /etc/flume/APP/tls/truststore-ID.p12       root:flume 0640: the bundle's certificates, as trusted entries
//   /etc/flume/APP/tls/truststore.pass         root 0600: the password, generated once on the unit
//
// Built with keytool: Java trusts a PKCS#12 certificate only when it carries Oracle's trusted-key-usage
// attribute, which keytool -importcert writes and OpenSSL 3.0's pkcs12 cannot.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runCommand } from './commands';
import { installFile, isErrno, readFileIfExists, writeFileAtomic } from './files';
import { tlsLayout } from './keystore';
import { machinePath } from './machine-path';
import type { FlumeLayout } from './paths';
import { FLUME_GROUP } from './user';

export const TRUSTSTORE_TYPE = 'PKCS12';
/** keytool reads the password from this variable (`-storepass:env`), never from argv. */
const PASSWORD_VARIABLE = 'FLUME_TRUSTSTORE_PASSWORD';
const PASSWORD = /^[0-9a-f]{64}$/;
const BUNDLE_ID = /^[0-9a-f]{64}$/;
const STORE_NAME = /^truststore-([0-9a-f]{64})\.p12$/;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n?/g;

/** The password file of the unit's truststores (a real machine path). */
export function truststorePasswordPath(layout: FlumeLayout): string {
  return `${tlsLayout(layout).dir}/truststore.pass`;
}

/** The truststore built from the bundle whose sha256 is `bundleId` (a real machine path, as flume.conf names it). */
export function truststorePath(layout: FlumeLayout, bundleId: string): string {
  if (!BUNDLE_ID.test(bundleId)) throw new Error(`not a sha256 bundle id: ${JSON.stringify(bundleId.slice(0, 80))}`);
  return `${tlsLayout(layout).dir}/truststore-${bundleId}.p12`;
}

/**
 * The unit's truststore password: generated once (256 random bits, hex), then read back. It protects nothing
 * secret (the stores hold public certificates) but is still never logged. A new password makes every existing
 * truststore unreadable, so they are removed and built again.
 */
export async function ensureTruststorePassword(layout: FlumeLayout): Promise<{ password: string; created: boolean }> {
  const file = machinePath(truststorePasswordPath(layout));
  const stored = (await readFileIfExists(file))?.trim();
  if (stored !== undefined && PASSWORD.test(stored)) return { password: stored, created: false };
  await pruneTruststores(layout, []);
  const password = randomBytes(32).toString('hex');
  await writeFileAtomic(file, `${password}\n`, { mode: 0o600 });
  return { password, created: true };
}

export interface TruststoreInput {
  /** The validated, normalised PEM bundle (packages/flume-interface's Sink.tlsCa). */
  readonly bundle: string;
  /** Its sha256 (Sink.tlsCaId): names the file. */
  readonly bundleId: string;
  readonly password: string;
}

/**
 * Builds the truststore of one bundle unless it exists: each certificate imported as a trusted entry
 * (`ca-1`, `ca-2`, ...) into a temp file that is renamed into place root:flume 0640, so Flume reads a whole
 * store or none. Its name is its content's hash, so an existing file is the right one. Returns whether it wrote.
 */
export async function writeTruststore(layout: FlumeLayout, input: TruststoreInput): Promise<{ changed: boolean; path: string }> {
  const target = truststorePath(layout, input.bundleId);
  const real = machinePath(target);
  if ((await fileExists(real))) {
    await fs.chmod(real, 0o640);
    return { changed: false, path: target };
  }
  const certificates = input.bundle.match(CERTIFICATE) ?? [];
  if (certificates.length === 0) throw new Error('the CA bundle holds no certificate');
  const dir = path.dirname(real);
  const temp = path.join(dir, `.truststore-${input.bundleId}.p12.tmp`);
  const pem = path.join(dir, '.truststore-import.pem.tmp');
  try {
    await fs.rm(temp, { force: true });
    for (const [index, certificate] of certificates.entries()) {
      await fs.writeFile(pem, certificate.endsWith('\n') ? certificate : `${certificate}\n`, { mode: 0o600 });
      await runCommand(
        'keytool',
        ['-importcert', '-noprompt', '-alias', `ca-${index + 1}`, '-file', pem, '-keystore', temp, '-storetype', TRUSTSTORE_TYPE, '-storepass:env', PASSWORD_VARIABLE],
        { env: { [PASSWORD_VARIABLE]: input.password } },
      );
    }
    await installFile(temp, real, { mode: 0o640, owner: `root:${FLUME_GROUP}` });
  } finally {
    await fs.rm(temp, { force: true });
    await fs.rm(pem, { force: true });
  }
  return { changed: true, path: target };
}

/** Removes the truststores of bundles no sink uses any more; returns the ids removed. */
export async function pruneTruststores(layout: FlumeLayout, keepIds: Iterable<string>): Promise<string[]> {
  const keep = new Set(keepIds);
  const dir = machinePath(tlsLayout(layout).dir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names.sort()) {
    const id = STORE_NAME.exec(name)?.[1];
    if (id === undefined || keep.has(id)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed.push(id);
  }
  return removed;
}

async function fileExists(file: string): Promise<boolean> {
  try {
    return (await fs.lstat(file)).isFile();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}
