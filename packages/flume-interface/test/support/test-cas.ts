// Throw-away CAs for the tls-ca tests, made with the machine's openssl (EC P-256: fast) in a temp directory
// that cleanup() removes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCas {
  /** A self-signed CA certificate (PEM, "\n" line ends, final newline). */
  ca(name: string): string;
  /** A PKCS#8 private key in PEM: what must never pass as a tls-ca. */
  privateKey(): string;
  cleanup(): void;
}

export function createTestCas(): TestCas {
  const dir = mkdtempSync(join(tmpdir(), 'flume-interface-ca-'));
  let serial = 0;
  const openssl = (args: string[]): string => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    ca(name) {
      serial += 1;
      const key = join(dir, `ca-${serial}.key`);
      return openssl([
        'req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key,
        '-config', '/dev/null', '-subj', `/CN=${name}`, '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE',
      ]);
    },
    privateKey() {
      return openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1']);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
