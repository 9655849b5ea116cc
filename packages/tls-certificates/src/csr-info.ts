// What the endpoint needs from a CSR without running openssl in every hook: its public key.
// A PKCS#10 request is SEQUENCE { SEQUENCE { version, subject, subjectPublicKeyInfo, [0] attributes }, ... };
// a few lines of DER walking find the SubjectPublicKeyInfo. Imports node:crypto (see pem.ts).
import { createPublicKey, type KeyObject } from 'node:crypto';

const CSR_PEM = /^\s*-----BEGIN CERTIFICATE REQUEST-----\r?\n((?:[A-Za-z0-9+/=]+\r?\n)+)-----END CERTIFICATE REQUEST-----\s*$/;

/** The DER of a single strict PEM `CERTIFICATE REQUEST` block, or undefined. */
export function csrDer(pem: string): Buffer | undefined {
  const match = typeof pem === 'string' ? CSR_PEM.exec(pem) : null;
  if (!match) return undefined;
  const base64 = (match[1] ?? '').replace(/\r?\n/g, '');
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  return Buffer.from(base64, 'base64');
}

/** The public key a CSR asks a certificate for; throws on anything that is not a PEM PKCS#10 request. */
export function csrPublicKey(pem: string): KeyObject {
  const der = csrDer(pem);
  if (!der) throw new Error('not a PEM certificate request');
  const outer = readElement(der, 0);
  const info = readElement(der, outer.contentStart);
  if (outer.tag !== 0x30 || info.tag !== 0x30 || outer.end !== der.length) throw new Error('not a PKCS#10 request');
  const version = readElement(der, info.contentStart);
  const subject = readElement(der, version.end);
  const spki = readElement(der, subject.end);
  if (version.tag !== 0x02 || subject.tag !== 0x30 || spki.tag !== 0x30 || spki.end > info.end) throw new Error('not a PKCS#10 request');
  return createPublicKey({ key: der.subarray(spki.start, spki.end), format: 'der', type: 'spki' });
}

/** The SPKI DER of a public key, for comparing two keys byte for byte. */
export function spkiOf(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

interface Element {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

function readElement(der: Buffer, start: number): Element {
  if (start + 2 > der.length) throw new Error('truncated DER');
  const tag = der[start] as number;
  let length = der[start + 1] as number;
  let contentStart = start + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || contentStart + octets > der.length) throw new Error('bad DER length');
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (der[contentStart + i] as number);
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('truncated DER');
  return { tag, start, contentStart, end };
}
