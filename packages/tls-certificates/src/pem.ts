// Strict checking of PEM certificate bundles (the `tls-ca` key, a provider's ca/chain/certificate).
// This module imports node:crypto: charms load it (through the package index or the endpoint) only when they
// do TLS work.
import { X509Certificate } from 'node:crypto';
import { oneLine, quotePrefix } from './quote';

/** The `tls-ca` limits of the flume-agent contract: 1..8 certificates, at most 32 KiB. */
export const DEFAULT_MAX_CERTIFICATES = 8;
export const DEFAULT_MAX_BUNDLE_BYTES = 32 * 1024;

export interface BundleLimits {
  readonly maxCertificates?: number;
  readonly maxBytes?: number;
}

export type BundleCheck =
  | {
      readonly kind: 'valid';
      /** Each certificate re-encoded as canonical PEM (64-column base64, "\n" line ends, final "\n"). */
      readonly certificates: readonly string[];
      /** The certificates concatenated: the normalised bundle. */
      readonly bundle: string;
    }
  | { readonly kind: 'invalid'; readonly reason: string };

const BEGIN = /^-----BEGIN ([^-]*)-----$/;
const END = /^-----END ([^-]*)-----$/;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

const invalid = (reason: string): BundleCheck => ({ kind: 'invalid', reason });

/** A PEM label as it may appear in a reason (labels are ASCII capitals; anything else is not echoed). */
const labelOf = (label: string): string => (/^[A-Z0-9 ]{1,40}$/.test(label) ? label : 'unknown');

/**
 * Checks a PEM bundle of certificates: only `-----BEGIN CERTIFICATE-----` blocks, nothing between them but
 * whitespace, each one X.509 certificate in DER; CRLF line ends are accepted and normalised to "\n".
 */
export function checkCertificateBundle(text: string, limits: BundleLimits = {}): BundleCheck {
  const maxCertificates = limits.maxCertificates ?? DEFAULT_MAX_CERTIFICATES;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  if (typeof text !== 'string') return invalid(`is a ${text === null ? 'null' : typeof text}, not a PEM text`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) return invalid(`is ${bytes} bytes, more than the ${maxBytes} allowed`);
  const normalised = text.replace(/\r\n/g, '\n');
  if (normalised.includes('\r')) return invalid('contains a carriage return that does not end a line');

  const certificates: string[] = [];
  let body: string[] | undefined;
  const lines = normalised.split('\n');
  for (const [index, line] of lines.entries()) {
    const number = certificates.length + 1;
    if (body === undefined) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      const begin = BEGIN.exec(trimmed);
      if (!begin) return invalid(`has text outside the PEM blocks: ${quotePrefix(trimmed)}`);
      if (begin[1] !== 'CERTIFICATE') return invalid(`holds a ${labelOf(begin[1] ?? '')} block where a certificate is expected`);
      if (number > maxCertificates) return invalid(`holds more than ${maxCertificates} certificates`);
      body = [];
      continue;
    }
    if (line === '' && index === lines.length - 1) break; // the text ended inside a block
    const end = END.exec(line);
    if (end) {
      if (end[1] !== 'CERTIFICATE') return invalid(`certificate ${number} ends with an END ${labelOf(end[1] ?? '')} line`);
      const parsed = parseCertificateBody(body.join(''));
      if (typeof parsed !== 'string') return invalid(`certificate ${number} ${parsed.problem}`);
      certificates.push(parsed);
      body = undefined;
      continue;
    }
    if (!BASE64_LINE.test(line)) return invalid(`certificate ${number} has a line that is not base64: ${quotePrefix(line)}`);
    body.push(line);
  }
  if (body !== undefined) return invalid(`certificate ${certificates.length + 1} has no END CERTIFICATE line`);
  if (certificates.length === 0) return invalid('holds no certificate');
  return { kind: 'valid', certificates, bundle: certificates.join('') };
}

/** The canonical PEM of one certificate's base64 body, or what is wrong with it. */
function parseCertificateBody(base64: string): string | { problem: string } {
  if (base64 === '' || base64.length % 4 !== 0 || !BASE64_LINE.test(base64)) return { problem: 'is not valid base64' };
  const der = Buffer.from(base64, 'base64');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch (error) {
    return { problem: `does not parse as X.509: ${oneLine(error instanceof Error ? error.message : String(error))}` };
  }
  // OpenSSL stops at the end of the first DER object: bytes after it are smuggled data, not a certificate.
  if (certificate.raw.length !== der.length) return { problem: `has ${der.length - certificate.raw.length} bytes after the certificate` };
  return certificate.toString();
}
