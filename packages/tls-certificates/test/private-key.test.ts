import { createPrivateKey } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateKeyError } from '../src/errors';
import { ensurePrivateKey } from '../src/private-key';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tls-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ensurePrivateKey', () => {
  it('makes an owner-only RSA 2048 PKCS#8 key, in a directory it creates owner-only', async () => {
    const path = join(dir, 'tls', 'unit.key');
    expect(await ensurePrivateKey(path)).toEqual({ created: true });
    const pem = readFileSync(path, 'utf8');
    expect(pem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'tls')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'tls'))).toEqual(['unit.key']); // no temp file left behind
  });

  it('keeps an existing key and corrects its mode', async () => {
    const path = join(dir, 'unit.key');
    await ensurePrivateKey(path);
    const before = readFileSync(path, 'utf8');
    chmodSync(path, 0o644);
    expect(await ensurePrivateKey(path)).toEqual({ created: false });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('replaces a file that holds no private key', async () => {
    const path = join(dir, 'unit.key');
    writeFileSync(path, 'garbage', { mode: 0o600 });
    expect(await ensurePrivateKey(path)).toEqual({ created: true });
    expect(() => createPrivateKey(readFileSync(path, 'utf8'))).not.toThrow();
  });

  it('refuses a symlink, a relative path and a mode that is not owner-only', async () => {
    const target = join(dir, 'target.key');
    await ensurePrivateKey(target);
    symlinkSync(target, join(dir, 'link.key'));
    await expect(ensurePrivateKey(join(dir, 'link.key'))).rejects.toThrow(PrivateKeyError);
    await expect(ensurePrivateKey('relative/unit.key')).rejects.toThrow('the path must be absolute');
    await expect(ensurePrivateKey(join(dir, 'other.key'), { mode: 0o640 })).rejects.toThrow('mode 640 is not owner-only');
  });
});
