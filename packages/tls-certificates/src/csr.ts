// Certificate signing requests, made by `openssl req -new` from the unit's key (no shell: every value is
// checked before it becomes an argument). Imports node:crypto through csr-info (see pem.ts).
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import { runProcess } from '@flume-charms/reactive';
import { canonicalIp } from './certificate';
import { csrPublicKey } from './csr-info';
import { CsrError } from './errors';
import { oneLine, quotePrefix } from './quote';

export interface CsrSubject {
  /** The subject's CN: a hostname, an IP address or a name of letters, digits, '.', '-' and '_'; 1-64 characters. */
  readonly commonName: string;
  readonly sanIps?: readonly string[];
  readonly sanDns?: readonly string[];
}

export const MAX_SANS = 64;
const COMMON_NAME = /^[A-Za-z0-9._:-]{1,64}$/;
const HOSTNAME = /^(?=.{1,253}$)(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The `subjectAltName=` value for the subject, or throws CsrError naming the refused value. */
export function subjectAltNameExtension(subject: CsrSubject): string | undefined {
  const ips = subject.sanIps ?? [];
  const dns = subject.sanDns ?? [];
  if (ips.length + dns.length > MAX_SANS) throw new CsrError(`${ips.length + dns.length} SANs, more than ${MAX_SANS}`);
  for (const ip of ips) {
    if (typeof ip !== 'string' || isIP(ip) === 0 || ip.includes('%')) throw new CsrError(`SAN IP ${quotePrefix(String(ip))} is not an IP address`);
  }
  for (const name of dns) {
    if (typeof name !== 'string' || !HOSTNAME.test(name)) throw new CsrError(`SAN DNS ${quotePrefix(String(name))} is not a hostname`);
  }
  const entries = [...new Set(dns.map((d) => `DNS:${d}`)), ...new Set(ips.map((ip) => `IP:${canonicalIp(ip)}`))];
  return entries.length > 0 ? `subjectAltName=${entries.join(',')}` : undefined;
}

/** A PEM PKCS#10 request for the key at `keyPath`, with subject CN and SANs; throws CsrError. */
export async function createCsr(keyPath: string, subject: CsrSubject): Promise<string> {
  if (typeof keyPath !== 'string' || !isAbsolute(keyPath)) throw new CsrError('the key path must be absolute');
  const { commonName } = subject;
  if (typeof commonName !== 'string' || !COMMON_NAME.test(commonName)) {
    throw new CsrError(`common name ${quotePrefix(String(commonName))} is not 1-64 letters, digits, '.', '-', '_' or ':'`);
  }
  const san = subjectAltNameExtension(subject);
  // -config /dev/null: the request does not depend on the machine's openssl.cnf. RSA signatures are
  // deterministic: without a unique identifier (the v4 library adds one too) a renewal with the same key and
  // SANs would be byte for byte the request the provider already answered.
  const dn = `/CN=${commonName}/x500UniqueIdentifier=${randomUUID()}`;
  const args = ['req', '-new', '-batch', '-config', '/dev/null', '-sha256', '-key', keyPath, '-subj', dn];
  if (san) args.push('-addext', san);
  const outcome = await runProcess('openssl', args, { timeoutMs: 60_000 });
  if (outcome.exitCode !== 0) {
    throw new CsrError(`openssl req failed: ${oneLine(outcome.failure ?? (outcome.stderr || `exit code ${outcome.exitCode}`))}`);
  }
  const pem = outcome.stdout.replace(/\r\n/g, '\n');
  try {
    csrPublicKey(pem);
  } catch (error) {
    throw new CsrError(`openssl req printed no usable request: ${oneLine(String(error))}`);
  }
  return pem.trim() + '\n';
}
