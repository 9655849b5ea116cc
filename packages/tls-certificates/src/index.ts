// @flume-charms/tls-certificates: the tls-certificates interface (requirer side), private keys, CSRs and
// certificate checks. The PEM, certificate, key and CSR helpers import node:crypto: load this package lazily
// (`await import`) from handlers that do TLS work. The endpoint loads them itself only when it checks data.
export { TlsCertificatesRequires, type AssignedCertificate } from './requires';
export { checkCertificateBundle, DEFAULT_MAX_CERTIFICATES, DEFAULT_MAX_BUNDLE_BYTES, type BundleCheck, type BundleLimits } from './pem';
export { inspectCertificate, certificateMatchesKey, verifiesAgainst, type CertificateFacts } from './certificate';
export { ensurePrivateKey, type PrivateKeyOptions } from './private-key';
export { createCsr, MAX_SANS, type CsrSubject } from './csr';
export { renewalTime, type Assignment } from './assignment';
export {
  KEYS,
  LIMITS,
  requirerData,
  providerAppData,
  normalisePem,
  type CertificateRequest,
  type ProviderCertificate,
  type RequestsCheck,
  type CertificatesCheck,
} from './contract';
export { InvalidCertificateError, InvalidRequestError, PrivateKeyError, CsrError } from './errors';

/** The databag validators of both sides (zod/mini), loaded on demand: checkRequirerData, checkProviderAppData. */
export const loadSchema = (): Promise<typeof import('./schema')> => import('./schema');
