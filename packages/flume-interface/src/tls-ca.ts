// The `tls-ca` value (version 4): the PEM bundle an agent must trust to reach a sink that speaks TLS only.
// It never reaches a Flume properties file (the agent writes it into a truststore named by its hash), so the
// one-line rules of the other keys do not apply; strict PEM checks do. Those parse each certificate with
// node:crypto (through @flume-charms/tls-certificates): load this module lazily.
import { checkCertificateBundle } from '@flume-charms/tls-certificates';
import { MAX_TLS_CA_BYTES, MAX_TLS_CA_CERTIFICATES } from './contract';

export type TlsCaCheck = { readonly kind: 'valid'; readonly bundle: string } | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Validates a `tls-ca` value as the contract states it: 1-8 CERTIFICATE blocks, nothing else, at most 32 KiB.
 * A valid one comes back normalised (canonical PEM, "\n" line ends; CRLF is accepted). Never throws.
 */
export function checkTlsCa(value: string): TlsCaCheck {
  const check = checkCertificateBundle(value, { maxCertificates: MAX_TLS_CA_CERTIFICATES, maxBytes: MAX_TLS_CA_BYTES });
  if (check.kind === 'valid') return { kind: 'valid', bundle: check.bundle };
  // The reason ends up in a status line: keep it one line whatever the library says.
  return { kind: 'invalid', reason: check.reason.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ') };
}
