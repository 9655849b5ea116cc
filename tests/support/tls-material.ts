// Certificates and Java stores for TLS tests, made the way the charms make them: a CA and server certificates
// with `openssl`, a PKCS#12 keystore with `openssl pkcs12 -export`, a truststore with `keytool -importcert`
// (one alias per certificate: keytool imports only the first certificate of a PEM file). Passwords travel in
// the environment, never in argv.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PASSWORD_VAR = 'TLS_MATERIAL_PASSWORD';

export interface Pem {
  readonly certPath: string;
  readonly keyPath: string;
  readonly pem: string;
}

export interface ServerCertificateOptions {
  readonly commonName: string;
  readonly sanIps?: readonly string[];
  readonly sanDns?: readonly string[];
  /** Reuse this key (a renewal with the same key); a new RSA 2048 key otherwise. */
  readonly keyPath?: string;
}

/** A self-signed root CA (RSA 2048, 30 days) in `dir/NAME.pem` and `dir/NAME.key`. */
export async function makeCa(dir: string, name: string): Promise<Pem> {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}.key`);
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '30',
    '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return { certPath, keyPath, pem: await readFile(certPath, 'utf8') };
}

/** A serverAuth certificate signed by `ca`, valid 10 days, with the given SANs. */
export async function issueServerCertificate(ca: Pem, dir: string, name: string, options: ServerCertificateOptions): Promise<Pem> {
  const keyPath = options.keyPath ?? join(dir, `${name}.key`);
  if (options.keyPath === undefined) await run('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPath]);
  const csrPath = join(dir, `${name}.csr`);
  await run('openssl', ['req', '-new', '-key', keyPath, '-subj', `/CN=${options.commonName}`, '-out', csrPath]);
  const sans = [...(options.sanIps ?? []).map((ip) => `IP:${ip}`), ...(options.sanDns ?? []).map((dns) => `DNS:${dns}`)];
  const extPath = join(dir, `${name}.ext`);
  await writeFile(extPath, [
    ...(sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : []),
    'basicConstraints=CA:FALSE', 'keyUsage=digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', '',
  ].join('\n'));
  const certPath = join(dir, `${name}.pem`);
  await run('openssl', ['x509', '-req', '-in', csrPath, '-CA', ca.certPath, '-CAkey', ca.keyPath, '-set_serial', `0x${randomSerial()}`,
    '-days', '10', '-extfile', extPath, '-out', certPath]);
  return { certPath, keyPath, pem: await readFile(certPath, 'utf8') };
}

/** `openssl pkcs12 -export` with OpenSSL's defaults: key, certificate and chain under the alias `flume`. */
export async function pkcs12Keystore(path: string, server: Pem, chain: readonly Pem[], password: string): Promise<string> {
  const args = ['pkcs12', '-export', '-inkey', server.keyPath, '-in', server.certPath, '-name', 'flume', '-passout', `env:${PASSWORD_VAR}`, '-out', path];
  for (const link of chain) args.push('-certfile', link.certPath);
  await run('openssl', args, { env: { ...process.env, [PASSWORD_VAR]: password } });
  return path;
}

/** A PKCS#12 truststore Java trusts: `keytool -importcert` once per certificate, aliases ca-0, ca-1, ... */
export async function keytoolTruststore(path: string, certificates: readonly Pem[], password: string): Promise<string> {
  for (const [index, certificate] of certificates.entries()) {
    await run('keytool', ['-importcert', '-noprompt', '-storetype', 'PKCS12', '-alias', `ca-${index}`, '-file', certificate.certPath,
      '-keystore', path, '-storepass:env', PASSWORD_VAR], { env: { ...process.env, [PASSWORD_VAR]: password } });
  }
  return path;
}

/** What OpenSSL 3.0 writes for certificates only: Java loads it as a store without entries. */
export async function opensslCertOnlyStore(path: string, certificate: Pem, password: string): Promise<string> {
  await run('openssl', ['pkcs12', '-export', '-nokeys', '-in', certificate.certPath, '-passout', `env:${PASSWORD_VAR}`, '-out', path],
    { env: { ...process.env, [PASSWORD_VAR]: password } });
  return path;
}

/** The entries `keytool -list` sees in a PKCS#12 store. */
export async function storeEntryCount(path: string, password: string): Promise<number> {
  const { stdout } = await run('keytool', ['-list', '-storetype', 'PKCS12', '-keystore', path, '-storepass:env', PASSWORD_VAR],
    { env: { ...process.env, [PASSWORD_VAR]: password } });
  const match = /contains (\d+) entr/.exec(stdout);
  if (!match) throw new Error(`keytool -list said: ${stdout.slice(0, 200)}`);
  return Number(match[1]);
}

function randomSerial(): string {
  return Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('').replace(/^0/, '1');
}
