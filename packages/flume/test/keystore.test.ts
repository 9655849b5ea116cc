import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommandError, flumeLayout } from '../src';
import { ensureKeystorePassword, ensureTlsDir, removeKeystore, tlsLayout, writeKeystore, type TlsLayout } from '../src/keystore';
import { createFakeMachine, type FakeMachine } from './helpers/fake-machine';

// Real openssl (and keytool once) on throwaway keys; chown is the fake machine's recording fake.

let machine: FakeMachine;
let tls: TlsLayout;
let work: string;

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A CA, and a certificate signed by it for the key at `keyFile`; returns both PEMs. */
function issue(keyFile: string, name: string): { certificate: string; ca: string } {
  const caKey = path.join(work, `${name}-ca.key`);
  const caCert = path.join(work, `${name}-ca.pem`);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caCert, '-days', '2', '-subj', `/CN=${name} CA`]);
  const csr = path.join(work, `${name}.csr`);
  openssl(['req', '-new', '-key', keyFile, '-out', csr, '-subj', '/CN=flume-hdfs-0']);
  const cert = path.join(work, `${name}.pem`);
  openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '1']);
  return { certificate: readFileSync(cert, 'utf8'), ca: readFileSync(caCert, 'utf8') };
}

function newKey(file: string): void {
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file]);
}

beforeEach(async () => {
  machine = createFakeMachine();
  work = path.join(machine.state, 'pki');
  mkdirSync(work);
  tls = tlsLayout(flumeLayout('flume-hdfs'));
  mkdirSync(machine.path('/etc/flume/flume-hdfs'), { recursive: true });
  await ensureTlsDir(tls);
  newKey(machine.path(tls.privateKey));
});
afterEach(() => machine.dispose());

describe('tlsLayout and ensureTlsDir', () => {
  test('everything lives in /etc/flume/APP/tls, a root:flume 0750 directory', () => {
    expect(tls).toEqual({
      dir: '/etc/flume/flume-hdfs/tls',
      privateKey: '/etc/flume/flume-hdfs/tls/unit.key',
      keystore: '/etc/flume/flume-hdfs/tls/keystore.p12',
      keystorePassword: '/etc/flume/flume-hdfs/tls/keystore.pass',
      keystoreSource: '/etc/flume/flume-hdfs/tls/keystore.source',
    });
    expect(statSync(machine.path(tls.dir)).mode & 0o777).toBe(0o750);
    expect(machine.callsOf('chown')).toContain(`root:flume ${machine.path(tls.dir)}`);
  });
});

describe('ensureKeystorePassword', () => {
  test('is generated once (root-only 0600) and then read back', async () => {
    const first = await ensureKeystorePassword(tls);
    expect(first.created).toBe(true);
    expect(first.password).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(machine.path(tls.keystorePassword)).mode & 0o777).toBe(0o600);
    expect(await ensureKeystorePassword(tls)).toEqual({ password: first.password, created: false });
  });

  test('two units get different passwords', async () => {
    const a = await ensureKeystorePassword(tls);
    writeFileSync(machine.path(tls.keystorePassword), '');
    const b = await ensureKeystorePassword(tls);
    expect(b.created).toBe(true);
    expect(b.password).not.toBe(a.password);
  });

  test('a damaged password file is replaced, not used', async () => {
    writeFileSync(machine.path(tls.keystorePassword), 'secret with spaces\n');
    const result = await ensureKeystorePassword(tls);
    expect(result.created).toBe(true);
    expect(result.password).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('writeKeystore', () => {
  test('builds a PKCS#12 keystore Java loads: one key entry with its chain (certificate, CA), root:flume 0640', async () => {
    const { password } = await ensureKeystorePassword(tls);
    const { certificate, ca } = issue(machine.path(tls.privateKey), 'one');
    expect(await writeKeystore(tls, { certificate, chain: [ca], password })).toEqual({ changed: true });
    const store = machine.path(tls.keystore);
    expect(statSync(store).mode & 0o777).toBe(0o640);
    expect(machine.callsOf('chown')).toContain(`root:flume ${path.join(machine.path(tls.dir), '.keystore.p12.tmp')}`);
    const listing = spawnSync('keytool', ['-list', '-v', '-storetype', 'PKCS12', '-keystore', store, '-storepass:env', 'KS_PASS'], {
      env: { ...process.env, KS_PASS: password },
      encoding: 'utf8',
    });
    expect(listing.status).toBe(0);
    expect(listing.stdout).toContain('Your keystore contains 1 entry');
    expect(listing.stdout).toContain('Alias name: flume');
    expect(listing.stdout).toContain('Entry type: PrivateKeyEntry');
    expect(listing.stdout).toContain('Certificate chain length: 2');
    expect(listing.stdout).toContain('Owner: CN=flume-hdfs-0');
    expect(listing.stdout).toContain('Owner: CN=one CA');
    // Nothing but the final files stays in the directory.
    expect(readdirSync(machine.path(tls.dir)).sort()).toEqual(['keystore.p12', 'keystore.pass', 'keystore.source', 'unit.key']);
  });

  test('the password reaches openssl through its environment, never its argv', async () => {
    const { password } = await ensureKeystorePassword(tls);
    const { certificate, ca } = issue(machine.path(tls.privateKey), 'argv');
    // A recording openssl first on PATH (the fake machine's bin), which then runs the real one.
    const bin = process.env.PATH!.split(':')[0]!;
    const real = execFileSync('sh', ['-c', 'command -v openssl'], { encoding: 'utf8', env: { PATH: process.env.PATH!.split(':').slice(1).join(':') } }).trim();
    const log = path.join(machine.state, 'openssl-argv');
    writeFileSync(path.join(bin, 'openssl'), `#!/bin/sh\necho "$*" >> '${log}'\nenv >> '${log}.env'\nexec '${real}' "$@"\n`);
    chmodSync(path.join(bin, 'openssl'), 0o755);
    await writeKeystore(tls, { certificate, chain: [ca], password });
    const argv = readFileSync(log, 'utf8');
    expect(argv).toContain('pkcs12 -export');
    expect(argv).toContain('-passout env:FLUME_KEYSTORE_PASSWORD');
    expect(argv).not.toContain(password);
    expect(readFileSync(`${log}.env`, 'utf8')).toContain(`FLUME_KEYSTORE_PASSWORD=${password}`);
  });

  test('the same inputs again leave the keystore alone (PKCS#12 output is never byte-identical, inputs are compared)', async () => {
    const { password } = await ensureKeystorePassword(tls);
    const { certificate, ca } = issue(machine.path(tls.privateKey), 'same');
    await writeKeystore(tls, { certificate, chain: [ca], password });
    const before = statSync(machine.path(tls.keystore));
    expect(await writeKeystore(tls, { certificate, chain: [ca], password })).toEqual({ changed: false });
    expect(statSync(machine.path(tls.keystore)).ino).toBe(before.ino);
  });

  test('a renewed certificate replaces the keystore by rename; beforeChange runs only when it is replaced', async () => {
    const { password } = await ensureKeystorePassword(tls);
    const changes: string[] = [];
    const beforeChange = async (): Promise<void> => {
      changes.push(existsSync(machine.path(tls.keystore)) ? 'replace' : 'create');
    };
    const first = issue(machine.path(tls.privateKey), 'first');
    await writeKeystore(tls, { certificate: first.certificate, chain: [first.ca], password }, { beforeChange });
    await writeKeystore(tls, { certificate: first.certificate, chain: [first.ca], password }, { beforeChange });
    const before = readFileSync(machine.path(tls.keystore));
    const second = issue(machine.path(tls.privateKey), 'second');
    expect(await writeKeystore(tls, { certificate: second.certificate, chain: [second.ca], password }, { beforeChange })).toEqual({ changed: true });
    expect(readFileSync(machine.path(tls.keystore)).equals(before)).toBe(false);
    expect(changes).toEqual(['create', 'replace']);
  });

  test('a certificate for another key is refused by openssl: the previous keystore stays, nothing half-written', async () => {
    const { password } = await ensureKeystorePassword(tls);
    const good = issue(machine.path(tls.privateKey), 'good');
    await writeKeystore(tls, { certificate: good.certificate, chain: [good.ca], password });
    const before = readFileSync(machine.path(tls.keystore));
    const otherKey = path.join(work, 'other.key');
    newKey(otherKey);
    const foreign = issue(otherKey, 'foreign');
    await expect(writeKeystore(tls, { certificate: foreign.certificate, chain: [foreign.ca], password })).rejects.toThrow(CommandError);
    expect(readFileSync(machine.path(tls.keystore)).equals(before)).toBe(true);
    expect(readdirSync(machine.path(tls.dir)).filter((f) => f.startsWith('.'))).toEqual([]);
    // The digest still names the good keystore: the same good inputs change nothing.
    expect(await writeKeystore(tls, { certificate: good.certificate, chain: [good.ca], password })).toEqual({ changed: false });
  });

  test('without the private key nothing is written', async () => {
    const { password } = await ensureKeystorePassword(tls);
    const { certificate, ca } = issue(machine.path(tls.privateKey), 'nokey');
    await removeKeystore(tls);
    execFileSync('rm', [machine.path(tls.privateKey)]);
    await expect(writeKeystore(tls, { certificate, chain: [ca], password })).rejects.toThrow(/no private key/);
    expect(existsSync(machine.path(tls.keystore))).toBe(false);
  });

  test('removeKeystore takes the keystore and its digest, leaves the key and the password', async () => {
    const { password } = await ensureKeystorePassword(tls);
    const { certificate, ca } = issue(machine.path(tls.privateKey), 'rm');
    await writeKeystore(tls, { certificate, chain: [ca], password });
    expect(await removeKeystore(tls)).toBe(true);
    expect(readdirSync(machine.path(tls.dir)).sort()).toEqual(['keystore.pass', 'unit.key']);
    expect(await removeKeystore(tls)).toBe(false);
  });
});
