// @flume-charms/tls-certificates: the tls-certificates interface (requirer side), private keys, CSRs and
// certificate checks. The PEM, certificate, key and CSR helpers import node:crypto: load this package lazily
// (`await import`) from handlers that do TLS work.
export { checkCertificateBundle, DEFAULT_MAX_CERTIFICATES, DEFAULT_MAX_BUNDLE_BYTES, type BundleCheck, type BundleLimits } from './pem';
export { inspectCertificate, certificateMatchesKey, verifiesAgainst, type CertificateFacts } from './certificate';
export { ensurePrivateKey, type PrivateKeyOptions } from './private-key';
export { createCsr, MAX_SANS, type CsrSubject } from './csr';
export { InvalidCertificateError, PrivateKeyError, CsrError } from './errors';
