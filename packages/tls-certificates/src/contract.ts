// The tls-certificates v1 databags, as the v4 Python library (tls_certificates_interface.v4) writes them.
// Names, limits, shapes and the serialisers: the endpoint imports this at module load; ./schema (zod) lazily.
//
//   requirer unit (or app) databag:  certificate_signing_requests = JSON [{certificate_signing_request, ca}]
//   provider app databag:            certificates = JSON [{ca, chain?, certificate_signing_request, certificate,
//                                                          recommended_expiry_notification_time?, revoked?}]
// Every value is PEM text; `chain` is a list of PEM certificates. Optional fields may be absent or null.

export const KEYS = {
  certificateSigningRequests: 'certificate_signing_requests',
  certificates: 'certificates',
} as const;

/** What we accept from the other side; larger data is invalid, not parsed. */
export const LIMITS = {
  /** The provider's `certificates` value: one entry per CSR of every requirer unit it serves. */
  certificatesBytes: 4 * 1024 * 1024,
  certificatesEntries: 4096,
  /** A requirer's `certificate_signing_requests` value. */
  requestsBytes: 256 * 1024,
  requests: 64,
  /** One PEM value (certificate, CA, CSR, chain element). */
  pemBytes: 32 * 1024,
  /** `chain` elements of one entry. */
  chain: 8,
} as const;

/** One CSR a requirer asks a certificate for. (Type aliases, not interfaces: they are stored as JSON.) */
export type CertificateRequest = {
  /** The PEM `CERTIFICATE REQUEST`. */
  readonly csr: string;
  /** Whether the requirer asks for a CA certificate; this package always asks false. */
  readonly ca: boolean;
};

/** One certificate as a provider publishes it, not yet checked beyond its shape. */
export type ProviderCertificate = {
  readonly csr: string;
  readonly certificate: string;
  readonly ca: string;
  readonly chain: readonly string[];
  /** Hours before notAfter at which the provider recommends renewal (the v4 library reads hours; the v1 schema's text says seconds). */
  readonly recommendedExpiryNotificationHours?: number;
  readonly revoked?: boolean;
};

export type RequestsCheck =
  | { readonly kind: 'absent' }
  | { readonly kind: 'valid'; readonly requests: readonly CertificateRequest[] }
  | { readonly kind: 'invalid'; readonly reason: string };

export type CertificatesCheck =
  | { readonly kind: 'absent' }
  | { readonly kind: 'valid'; readonly certificates: readonly ProviderCertificate[] }
  | { readonly kind: 'invalid'; readonly reason: string };

/** PEM compared as the v4 library compares it: line ends normalised, surrounding whitespace ignored. */
export function normalisePem(text: string): string {
  return text.replace(/\r\n/g, '\n').trim();
}

/** The requirer's databag for these requests, as the v4 library writes it; no request deletes the key (""). */
export function requirerData(requests: readonly CertificateRequest[]): Record<string, string> {
  const value = requests.map((r) => ({ certificate_signing_request: r.csr, ca: r.ca }));
  return { [KEYS.certificateSigningRequests]: requests.length === 0 ? '' : JSON.stringify(value) };
}

/** The provider's app databag for these certificates, as the v4 library writes it (optional fields left out when unset). */
export function providerAppData(certificates: readonly ProviderCertificate[]): Record<string, string> {
  const value = certificates.map((c) => ({
    ca: c.ca,
    chain: [...c.chain],
    certificate_signing_request: c.csr,
    certificate: c.certificate,
    ...(c.recommendedExpiryNotificationHours === undefined ? {} : { recommended_expiry_notification_time: c.recommendedExpiryNotificationHours }),
    ...(c.revoked === undefined ? {} : { revoked: c.revoked }),
  }));
  return { [KEYS.certificates]: JSON.stringify(value) };
}
