// Facts about one certificate, and the two checks the charms need: does it belong to this key, and was it
// signed by one of these CAs. Imports node:crypto (see pem.ts).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { InvalidCertificateError } from './errors';
import { checkCertificateBundle } from './pem';

export interface CertificateFacts {
  /** The subject's distinguished name on one line, e.g. `CN=flume-hdfs-0, O=Example`. */
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** IP address SANs; IPv6 in its compressed lower-case form. */
  readonly sanIps: string[];
  readonly sanDns: string[];
  /** SHA-256 of the DER, as upper-case hex pairs joined by ':' (what openssl and keytool print). */
  readonly fingerprint256: string;
  /** basicConstraints CA:TRUE. */
  readonly isCa: boolean;
}

/** Parses exactly one PEM certificate (see checkCertificateBundle); throws InvalidCertificateError otherwise. */
export function parseCertificate(pem: string): X509Certificate {
  const check = checkCertificateBundle(pem, { maxCertificates: 1 });
  if (check.kind === 'invalid') throw new InvalidCertificateError(check.reason);
  return new X509Certificate(check.certificates[0] as string);
}

/** What a certificate says; throws InvalidCertificateError unless `pem` is exactly one certificate. */
export function inspectCertificate(pem: string): CertificateFacts {
  return factsOf(parseCertificate(pem));
}

export function factsOf(certificate: X509Certificate): CertificateFacts {
  const { ips, dns } = subjectAltNames(certificate.subjectAltName);
  return {
    subject: oneLineName(certificate.subject),
    issuer: oneLineName(certificate.issuer),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    sanIps: ips,
    sanDns: dns,
    fingerprint256: certificate.fingerprint256,
    isCa: certificate.ca,
  };
}

/** True when the certificate's public key is the public half of `keyPem`; false for anything unparsable. */
export function certificateMatchesKey(certPem: string, keyPem: string): boolean {
  try {
    return parseCertificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/**
 * True when a certificate of `caBundle` issued `certPem` and its signature verifies with that certificate's
 * key. Every certificate of the bundle counts as a trust anchor, as it does in a Java truststore built from it.
 * Signatures only: validity dates are the caller's to check (inspectCertificate).
 */
export function verifiesAgainst(certPem: string, caBundle: string): boolean {
  let certificate: X509Certificate;
  try {
    certificate = parseCertificate(certPem);
  } catch {
    return false;
  }
  const bundle = checkCertificateBundle(caBundle, { maxCertificates: 64, maxBytes: 256 * 1024 });
  if (bundle.kind === 'invalid') return false;
  return bundle.certificates.some((pem) => {
    const issuer = new X509Certificate(pem);
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  });
}

// Node prints one RDN per line (`CN=a\nO=b`), escaping ',' and others with '\'.
function oneLineName(name: string): string {
  return name.split('\n').join(', ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

// Node's subjectAltName: `DNS:a, IP Address:1.2.3.4`, with values that hold ',' or quotes JSON-quoted.
const SAN_ENTRY = /(DNS|IP Address|[A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/y;

function subjectAltNames(text: string | undefined): { ips: string[]; dns: string[] } {
  const ips: string[] = [];
  const dns: string[] = [];
  if (!text) return { ips, dns };
  SAN_ENTRY.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (SAN_ENTRY.lastIndex < text.length && (match = SAN_ENTRY.exec(text)) !== null) {
    const raw = match[2] ?? '';
    let value: string;
    try {
      value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    } catch {
      value = raw;
    }
    if (match[1] === 'DNS') dns.push(value);
    else if (match[1] === 'IP Address') ips.push(canonicalIp(value));
  }
  return { ips, dns };
}

/** IPv6 in the compressed lower-case form everyone compares with (`fd00::1`); IPv4 as it is. */
export function canonicalIp(ip: string): string {
  if (!isIPv6(ip)) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip.toLowerCase();
  }
}
