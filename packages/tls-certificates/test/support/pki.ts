// A throw-away PKI for the tests: CAs, intermediates and leaf certificates made with the machine's openssl
// in a temp directory that `cleanup()` removes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Issued {
  readonly certificate: string;
  readonly keyPath: string;
  readonly key: string;
}

export interface TestPki {
  readonly dir: string;
  /** A self-signed CA (CA:TRUE). */
  makeCa(name: string, days?: number): Issued;
  /** A certificate for `csr` signed by `issuer`; `ca` makes it an intermediate. */
  signCsr(csr: string, issuer: Issued, options?: { days?: number; ca?: boolean; sans?: string }): string;
  /** A new key and a leaf certificate for it, signed by `issuer`. */
  makeLeaf(name: string, issuer: Issued, options?: { days?: number; sans?: string; ca?: boolean }): Issued;
  cleanup(): void;
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'tls-pki-'));
  let serial = 0;
  const openssl = (args: string[], input?: string): string =>
    execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  const newKey = (name: string): string => {
    serial += 1;
    const keyPath = join(dir, `key-${serial}-${name.replace(/[^A-Za-z0-9-]/g, '_')}.key`);
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyPath]);
    return keyPath;
  };
  const pki: TestPki = {
    dir,
    makeCa(name, days = 30) {
      const keyPath = newKey(`ca-${name}`);
      const certificate = openssl([
        'req', '-x509', '-new', '-config', '/dev/null', '-key', keyPath, '-subj', `/CN=${name}`, '-days', String(days),
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      ]);
      return { certificate, keyPath, key: readFileSync(keyPath, 'utf8') };
    },
    signCsr(csr, issuer, options = {}) {
      serial += 1;
      const extensions = [options.ca ? 'basicConstraints=critical,CA:TRUE' : 'basicConstraints=CA:FALSE'];
      if (options.sans) extensions.push(`subjectAltName=${options.sans}`);
      const ext = file(`ext-${serial}.cnf`, `${extensions.join('\n')}\n`);
      return openssl([
        'x509', '-req', '-in', file(`req-${serial}.csr`, csr), '-CA', file(`issuer-${serial}.pem`, issuer.certificate),
        '-CAkey', issuer.keyPath, '-set_serial', String(1000 + serial), '-days', String(options.days ?? 10), '-extfile', ext,
      ]);
    },
    makeLeaf(name, issuer, options = {}) {
      const keyPath = newKey(`leaf-${name}`);
      const csr = openssl(['req', '-new', '-config', '/dev/null', '-key', keyPath, '-subj', `/CN=${name}`]);
      return { certificate: pki.signCsr(csr, issuer, options), keyPath, key: readFileSync(keyPath, 'utf8') };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pki;
}
