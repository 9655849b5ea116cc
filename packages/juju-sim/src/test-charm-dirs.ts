// Ready-made test charms shipped with the simulator (plain Node.js, no build step): deploy their directories.
import { join } from 'node:path';

const TEST_CHARMS = join(__dirname, '..', 'test-charms');

/**
 * A tls-certificates provider (like canonical's self-signed-certificates): its leader signs every related unit's CSR
 * with openssl. Endpoint `certificates`; actions get-ca, renew-all, revoke, rotate-ca (test-charms/README.md).
 */
export function tlsCertificatesProviderCharm(): string {
  return join(TEST_CHARMS, 'tls-certificates-provider');
}

/** A minimal tls-certificates requirer: keys and CSRs made with openssl, published as the v4 library's unit mode does. */
export function tlsCertificatesRequirerCharm(): string {
  return join(TEST_CHARMS, 'tls-certificates-requirer');
}
