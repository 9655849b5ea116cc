// Real keytool and openssl on throwaway CAs; chown is the fake machine's recording fake.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { flumeLayout, type FlumeLayout } from '../src';
import { ensureTlsDir, tlsLayout } from '../src/keystore';
import { ensureTruststorePassword, pruneTruststores, truststorePath, writeTruststore } from '../src/truststore';
import { createFakeMachine, type FakeMachine } from './helpers/fake-machine';

let machine: FakeMachine;
let layout: FlumeLayout;
let work: string;

function ca(name: string): string {
  const key = path.join(work, `${name}.key`);
  return execFileSync('openssl', [
    'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key,
    '-config', '/dev/null', '-subj', `/CN=${name}`, '-days', '2', '-addext', 'basicConstraints=critical,CA:TRUE',
  ], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const idOf = (bundle: string): string => createHash('sha256').update(bundle).digest('hex');

/** What Java sees in the store: each alias with its entry type. */
function entries(file: string, password: string): string[] {
  const out = execFileSync('keytool', ['-list', '-keystore', file, '-storetype', 'PKCS12', '-storepass:env', 'PW'], {
    encoding: 'utf8',
    env: { ...process.env, PW: password },
  });
  return out.split('\n').filter((line) => /Entry,?\s*$/.test(line)).map((line) => line.split(',')[0] + ': ' + (line.match(/(\w+Entry)/)?.[1] ?? ''));
}

beforeEach(async () => {
  machine = createFakeMachine();
  work = path.join(machine.state, 'pki');
  mkdirSync(work);
  layout = flumeLayout('flume-syslog');
  mkdirSync(machine.path('/etc/flume/flume-syslog'), { recursive: true });
  await ensureTlsDir(tlsLayout(layout));
});
afterEach(() => machine.dispose());

describe('truststorePath', () => {
  test('names the store by the bundle id, under /etc/flume/APP/tls', () => {
    const id = 'a'.repeat(64);
    expect(truststorePath(layout, id)).toBe(`/etc/flume/flume-syslog/tls/truststore-${id}.p12`);
  });

  test.each(['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), ''])('refuses %j as an id', (id) => {
    expect(() => truststorePath(layout, id)).toThrow(/not a sha256 bundle id/);
  });
});

describe('ensureTruststorePassword', () => {
  test('is generated once, root-only 0600, then read back', async () => {
    const first = await ensureTruststorePassword(layout);
    expect(first).toMatchObject({ created: true, password: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(statSync(machine.path('/etc/flume/flume-syslog/tls/truststore.pass')).mode & 0o777).toBe(0o600);
    expect(await ensureTruststorePassword(layout)).toEqual({ password: first.password, created: false });
  });

  test('a new password removes the stores built with the old one', async () => {
    const bundle = ca('old password CA');
    const { password } = await ensureTruststorePassword(layout);
    const { path: store } = await writeTruststore(layout, { bundle, bundleId: idOf(bundle), password });
    writeFileSync(machine.path('/etc/flume/flume-syslog/tls/truststore.pass'), 'damaged\n');
    expect((await ensureTruststorePassword(layout)).created).toBe(true);
    expect(existsSync(machine.path(store))).toBe(false);
  });
});

describe('writeTruststore', () => {
  test('imports every certificate of the bundle as a trusted entry, root:flume 0640, password never in argv', async () => {
    const bundle = `${ca('root CA')}${ca('second CA')}`;
    const { password } = await ensureTruststorePassword(layout);
    const result = await writeTruststore(layout, { bundle, bundleId: idOf(bundle), password });
    expect(result).toEqual({ changed: true, path: truststorePath(layout, idOf(bundle)) });
    const real = machine.path(result.path);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(machine.callsOf('chown').some((call) => call.startsWith('root:flume ') && call.endsWith('.tmp'))).toBe(true);
    expect(entries(real, password)).toEqual(['ca-1: trustedCertEntry', 'ca-2: trustedCertEntry']);
    // No temp file or PEM left behind.
    expect(readdirSync(machine.path('/etc/flume/flume-syslog/tls')).sort()).toEqual([path.basename(real), 'truststore.pass']);
  });

  test('the password reaches keytool through its environment, never its argv', async () => {
    // A recording keytool first on PATH (the fake machine's bin), which then runs the real one.
    const bin = process.env.PATH!.split(':')[0]!;
    const real = execFileSync('sh', ['-c', 'command -v keytool'], { encoding: 'utf8', env: { PATH: process.env.PATH!.split(':').slice(1).join(':') } }).trim();
    const log = path.join(machine.state, 'keytool-argv');
    writeFileSync(path.join(bin, 'keytool'), `#!/bin/sh\necho "$*" >> '${log}'\nenv >> '${log}.env'\nexec '${real}' "$@"\n`);
    chmodSync(path.join(bin, 'keytool'), 0o755);
    const bundle = ca('argv CA');
    const { password } = await ensureTruststorePassword(layout);
    await writeTruststore(layout, { bundle, bundleId: idOf(bundle), password });
    const argv = readFileSync(log, 'utf8');
    expect(argv).toContain('-importcert -noprompt -alias ca-1');
    expect(argv).toContain('-storetype PKCS12 -storepass:env FLUME_TRUSTSTORE_PASSWORD');
    expect(argv).not.toContain(password);
    expect(readFileSync(`${log}.env`, 'utf8')).toContain(`FLUME_TRUSTSTORE_PASSWORD=${password}`);
  });

  test('an existing store of the same bundle is left alone (no keytool run, no restart needed)', async () => {
    const bundle = ca('steady CA');
    const { password } = await ensureTruststorePassword(layout);
    const first = await writeTruststore(layout, { bundle, bundleId: idOf(bundle), password });
    const before = readFileSync(machine.path(first.path));
    expect(await writeTruststore(layout, { bundle, bundleId: idOf(bundle), password })).toEqual({ changed: false, path: first.path });
    expect(readFileSync(machine.path(first.path))).toEqual(before);
  });

  test('a keytool failure leaves no store and no temp file behind', async () => {
    const { password } = await ensureTruststorePassword(layout);
    const garbage = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    await expect(writeTruststore(layout, { bundle: garbage, bundleId: idOf(garbage), password })).rejects.toThrow(/keytool/);
    expect(readdirSync(machine.path('/etc/flume/flume-syslog/tls'))).toEqual(['truststore.pass']);
  });
});

describe('pruneTruststores', () => {
  test('removes the stores no sink uses, and nothing else', async () => {
    const a = ca('kept CA');
    const b = ca('dropped CA');
    const { password } = await ensureTruststorePassword(layout);
    for (const bundle of [a, b]) await writeTruststore(layout, { bundle, bundleId: idOf(bundle), password });
    writeFileSync(machine.path('/etc/flume/flume-syslog/tls/keystore.p12'), 'not ours');
    expect(await pruneTruststores(layout, [idOf(a)])).toEqual([idOf(b)]);
    expect(readdirSync(machine.path('/etc/flume/flume-syslog/tls')).sort()).toEqual(
      ['keystore.p12', path.basename(truststorePath(layout, idOf(a))), 'truststore.pass'].sort(),
    );
  });

  test('is a no-op without a tls directory', async () => {
    expect(await pruneTruststores(flumeLayout('never-made'), [])).toEqual([]);
  });
});
