import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCsr } from '../src/csr';
import { csrPublicKey, spkiOf } from '../src/csr-info';
import { CsrError } from '../src/errors';
import { ensurePrivateKey } from '../src/private-key';

let dir: string;
let keyPath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-csr-'));
  keyPath = join(dir, 'unit.key');
  await ensurePrivateKey(keyPath);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csrText = (csr: string): string => execFileSync('openssl', ['req', '-noout', '-text', '-verify'], { input: csr, stdio: ['pipe', 'pipe', 'pipe'] }).toString();

describe('createCsr', () => {
  it('makes a self-verifying request for the key, with the subject and SANs asked for', async () => {
    const csr = await createCsr(keyPath, { commonName: 'flume-hdfs-0', sanIps: ['198.18.0.5', 'fd00:0::1'], sanDns: ['juju-1.lxd'] });
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+\n-----END CERTIFICATE REQUEST-----\n$/);
    const text = csrText(csr);
    expect(text).toMatch(/Subject: CN = flume-hdfs-0, x500UniqueIdentifier = [0-9a-f-]{36}\n/);
    expect(text).toMatch(/DNS:juju-1\.lxd, IP Address:198\.18\.0\.5, IP Address:FD00:0:0:0:0:0:0:1/);
    const ownKey = spkiOf(createPublicKey(readFileSync(keyPath, 'utf8')));
    expect(spkiOf(csrPublicKey(csr)).equals(ownKey)).toBe(true);
  });

  it('makes a new request each time, also for the same key and subject (a renewal must differ)', async () => {
    const subject = { commonName: 'flume-hdfs-0', sanIps: ['198.18.0.5'] };
    expect(await createCsr(keyPath, subject)).not.toBe(await createCsr(keyPath, subject));
  });

  it('makes a request without SANs', async () => {
    const text = csrText(await createCsr(keyPath, { commonName: '198.18.0.5' }));
    expect(text).toContain('Subject: CN = 198.18.0.5, x500UniqueIdentifier = ');
    expect(text).not.toContain('Subject Alternative Name');
  });

  it.each([
    ['a CN with a second RDN', { commonName: 'a/CN=evil' }, /common name "a\/CN=evil"/],
    ['a CN with a comma', { commonName: 'a,O=evil' }, /common name/],
    ['a CN with a newline', { commonName: 'a\nb' }, /common name "a\\nb"/],
    ['a CN that is an option', { commonName: '' }, /common name ""/],
    ['a CN longer than 64', { commonName: 'a'.repeat(65) }, /common name/],
    ['a DNS SAN that adds another SAN', { commonName: 'a', sanDns: ['a,IP:1.2.3.4'] }, /SAN DNS "a,IP:1.2.3.4" is not a hostname/],
    ['a DNS SAN that is an option', { commonName: 'a', sanDns: ['-config'] }, /SAN DNS "-config"/],
    ['an IP SAN that adds another SAN', { commonName: 'a', sanIps: ['1.2.3.4,DNS:evil'] }, /SAN IP "1.2.3.4,DNS:evil" is not an IP address/],
    ['an IP with a zone', { commonName: 'a', sanIps: ['fe80::1%eth0'] }, /SAN IP/],
    ['too many SANs', { commonName: 'a', sanDns: Array.from({ length: 65 }, (_, i) => `h${i}`) }, /65 SANs, more than 64/],
  ])('refuses %s before openssl runs', async (_name, subject, reason) => {
    const error = await createCsr(keyPath, subject).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsrError);
    expect((error as CsrError).reason).toMatch(reason);
  });

  it('says why when openssl fails, in one line', async () => {
    const error = await createCsr(join(dir, 'missing.key'), { commonName: 'a' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsrError);
    expect((error as CsrError).reason).toMatch(/^openssl req failed: [^\n]+$/);
  });

  it('refuses a relative key path', async () => {
    await expect(createCsr('unit.key', { commonName: 'a' })).rejects.toThrow('the key path must be absolute');
  });
});
