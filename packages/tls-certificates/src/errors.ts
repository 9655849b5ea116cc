// Typed errors of the package. No dependencies, so that a charm can `instanceof`-check them without
// loading node:crypto or zod.

/** A PEM text is not the certificate it should be; `reason` is one line, safe for a status. */
export class InvalidCertificateError extends Error {
  override readonly name = 'InvalidCertificateError';
  constructor(readonly reason: string) {
    super(`invalid certificate: ${reason}`);
  }
}

/** A private key file could not be read, made or written; the message never holds key material. */
export class PrivateKeyError extends Error {
  override readonly name = 'PrivateKeyError';
  constructor(readonly path: string, readonly reason: string) {
    super(`private key ${path}: ${reason}`);
  }
}

/** requestCertificate() was given something that is not a PEM certificate request. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  constructor(readonly reason: string) {
    super(`invalid certificate signing request: ${reason}`);
  }
}

/** A CSR could not be made: a subject or SAN the contract refuses, or openssl failed. */
export class CsrError extends Error {
  override readonly name = 'CsrError';
  constructor(readonly reason: string) {
    super(`cannot create a certificate signing request: ${reason}`);
  }
}
