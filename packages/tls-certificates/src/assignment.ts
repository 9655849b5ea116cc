// Which certificate a provider assigned to this unit's current CSR, checked: the one place that turns the
// provider's PEM into something a charm may build a keystore from. Imports node:crypto (see pem.ts).
import { X509Certificate } from 'node:crypto';
import { factsOf, verifiesAgainst } from './certificate';
import { normalisePem, type CertificatesCheck } from './contract';
import { csrPublicKey, spkiOf } from './csr-info';
import { checkCertificateBundle, DEFAULT_MAX_BUNDLE_BYTES, DEFAULT_MAX_CERTIFICATES } from './pem';

export type Assignment =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | {
      readonly kind: 'assigned';
      /** This unit's certificate, canonical PEM. */
      readonly certificate: string;
      /** The CA that signed it, canonical PEM. */
      readonly ca: string;
      /** The provider's chain as it gave it (often the certificate itself and the CA), canonical PEM. */
      readonly chain: readonly string[];
      /**
       * What agents must trust (flume-agent's `tls-ca`): the CA, then the chain without this unit's certificate
       * and without repeats. At most 8 certificates and 32 KiB, as `tls-ca` allows.
       */
      readonly caBundle: string;
      readonly fingerprint256: string;
      readonly notBefore: Date;
      readonly notAfter: Date;
      /** When to ask for a new certificate: see renewalTime(). */
      readonly renewAt: Date;
      readonly revoked: boolean;
    };

/**
 * The v4 library's rule: `recommended_expiry_notification_time` hours before notAfter, if that is after
 * notBefore; else two thirds into the validity.
 */
export function renewalTime(notBefore: Date, notAfter: Date, recommendedHours: number | undefined): Date {
  if (recommendedHours !== undefined) {
    const recommended = new Date(notAfter.getTime() - Math.abs(recommendedHours) * 3_600_000);
    if (recommended.getTime() > notBefore.getTime()) return recommended;
  }
  return new Date(notAfter.getTime() - (notAfter.getTime() - notBefore.getTime()) / 3);
}

const invalid = (reason: string): Assignment => ({ kind: 'invalid', reason });

/** The provider's answer to `csr` (a PEM request this unit made) in its checked app databag. Never throws. */
export function assignmentFor(csr: string, data: CertificatesCheck): Assignment {
  if (data.kind === 'absent') return { kind: 'none' };
  if (data.kind === 'invalid') return invalid(data.reason);
  const wanted = normalisePem(csr);
  // The first entry for this CSR, as the v4 library takes it; the entries of other units are not even parsed.
  const entry = data.certificates.find((candidate) => candidate.csr === wanted);
  if (!entry) return { kind: 'none' };

  const one = (what: string, text: string): string | { reason: string } => {
    const check = checkCertificateBundle(text, { maxCertificates: 1 });
    return check.kind === 'valid' ? (check.certificates[0] as string) : { reason: `${what}: ${check.reason}` };
  };
  const certificate = one('certificate', entry.certificate);
  if (typeof certificate !== 'string') return invalid(certificate.reason);
  const ca = one('ca', entry.ca);
  if (typeof ca !== 'string') return invalid(ca.reason);
  const chain: string[] = [];
  for (const [index, text] of entry.chain.entries()) {
    const element = one(`chain[${index}]`, text);
    if (typeof element !== 'string') return invalid(element.reason);
    chain.push(element);
  }

  const x509 = new X509Certificate(certificate);
  let requested: Buffer;
  try {
    requested = spkiOf(csrPublicKey(csr));
  } catch {
    return invalid('this unit\'s own request does not parse'); // cannot happen for a request made by requestCertificate()
  }
  if (!spkiOf(x509.publicKey).equals(requested)) return invalid("certificate: is for another key than this unit's request");

  const anchors = [...new Set([ca, ...chain])].filter((pem) => pem !== certificate);
  const caBundle = anchors.join('');
  if (anchors.length === 0) return invalid('ca: is the certificate itself');
  if (anchors.length > DEFAULT_MAX_CERTIFICATES || Buffer.byteLength(caBundle) > DEFAULT_MAX_BUNDLE_BYTES) {
    return invalid(`ca and chain: ${anchors.length} certificates in ${Buffer.byteLength(caBundle)} bytes, more than tls-ca allows (${DEFAULT_MAX_CERTIFICATES}, ${DEFAULT_MAX_BUNDLE_BYTES})`);
  }
  if (!verifiesAgainst(certificate, caBundle)) return invalid('certificate: is not signed by the ca or chain that came with it');

  const facts = factsOf(x509);
  return {
    kind: 'assigned',
    certificate,
    ca,
    chain,
    caBundle,
    fingerprint256: facts.fingerprint256,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    renewAt: renewalTime(facts.notBefore, facts.notAfter, entry.recommendedExpiryNotificationHours),
    revoked: entry.revoked === true,
  };
}
