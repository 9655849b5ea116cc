// The v1 databags of tls-certificates, both sides: shape checks (zod/mini) and the serialisers.
// Loaded lazily (`await import('./schema')`): hooks that read no relation data do not evaluate zod.
// The provider side (parse requests, write certificates) is for juju-sim's test provider charm and for tests.
//
// `import * as z`, not `import { z }`: the namespace object would drag every zod locale into a bundle.
import * as z from 'zod/mini';
import { KEYS, LIMITS, normalisePem, type CertificatesCheck, type ProviderCertificate, type RequestsCheck } from './contract';

export { providerAppData, requirerData } from './contract';
import { csrDer } from './csr-info';
import { quotePrefix } from './quote';

const pem = (what: string) =>
  z.string({ error: `is not a string (${what})` }).check(
    z.check<string>((payload) => {
      const bytes = Buffer.byteLength(payload.value, 'utf8');
      const problem =
        bytes > LIMITS.pemBytes ? `is ${bytes} bytes, more than ${LIMITS.pemBytes}` : payload.value.trim() === '' ? 'is empty' : undefined;
      if (problem) payload.issues.push({ code: 'custom', message: problem, input: payload.value });
    }),
  );

const csrField = pem('a PEM certificate request').check(
  z.check<string>((payload) => {
    if (!csrDer(payload.value)) payload.issues.push({ code: 'custom', message: `is not a PEM certificate request: ${quotePrefix(payload.value)}`, input: payload.value });
  }),
);

const requestSchema = z.object({
  certificate_signing_request: csrField,
  ca: z.optional(z.nullable(z.boolean({ error: 'is not a boolean' }))),
});
const requestsSchema = z.array(requestSchema, { error: 'is not a list' }).check(z.maxLength(LIMITS.requests, `holds more than ${LIMITS.requests} requests`));

const certificateSchema = z.object({
  ca: pem('PEM'),
  chain: z.optional(z.nullable(z.array(pem('PEM'), { error: 'is not a list' }).check(z.maxLength(LIMITS.chain, `holds more than ${LIMITS.chain} certificates`)))),
  certificate_signing_request: pem('PEM'),
  certificate: pem('PEM'),
  recommended_expiry_notification_time: z.optional(
    z.nullable(z.int({ error: 'is not an integer' }).check(z.minimum(-1_000_000, 'is out of range'), z.maximum(1_000_000, 'is out of range'))),
  ),
  revoked: z.optional(z.nullable(z.boolean({ error: 'is not a boolean' }))),
});
const certificatesSchema = z
  .array(certificateSchema, { error: 'is not a list' })
  .check(z.maxLength(LIMITS.certificatesEntries, `holds more than ${LIMITS.certificatesEntries} certificates`));

type Issue = { readonly path: readonly PropertyKey[]; readonly message: string };

/** The first issue, on one line, with how many more there were. */
function issuesReason(key: string, issues: readonly Issue[]): string {
  const [first] = issues;
  if (!first) return `${key}: is invalid`;
  const path = first.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${key}${path}: ${first.message}${more}`;
}

/** A JSON-in-a-string databag value: absent, parsed, or why not. Never throws. */
function parseJsonValue(bag: Readonly<Record<string, unknown>>, key: string, maxBytes: number): { kind: 'absent' } | { kind: 'json'; value: unknown } | { kind: 'invalid'; reason: string } {
  const raw = bag[key];
  if (raw === undefined || raw === null || raw === '') return { kind: 'absent' };
  if (typeof raw !== 'string') return { kind: 'invalid', reason: `${key}: is not a string` };
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > maxBytes) return { kind: 'invalid', reason: `${key}: is ${bytes} bytes, more than ${maxBytes}` };
  try {
    return { kind: 'json', value: JSON.parse(raw) as unknown };
  } catch {
    return { kind: 'invalid', reason: `${key}: is not JSON: ${quotePrefix(raw)}` };
  }
}

/** A requirer's unit (or app) databag: the CSRs it asks certificates for. Never throws. */
export function checkRequirerData(bag: Readonly<Record<string, unknown>>): RequestsCheck {
  const key = KEYS.certificateSigningRequests;
  const parsed = parseJsonValue(bag, key, LIMITS.requestsBytes);
  if (parsed.kind !== 'json') return parsed;
  const result = z.safeParse(requestsSchema, parsed.value);
  if (!result.success) return { kind: 'invalid', reason: issuesReason(key, result.error.issues) };
  return { kind: 'valid', requests: result.data.map((r) => ({ csr: normalisePem(r.certificate_signing_request), ca: r.ca === true })) };
}

/** A provider's app databag: the certificates it issued, checked for shape only (PEM contents are not parsed). Never throws. */
export function checkProviderAppData(bag: Readonly<Record<string, unknown>>): CertificatesCheck {
  const key = KEYS.certificates;
  const parsed = parseJsonValue(bag, key, LIMITS.certificatesBytes);
  if (parsed.kind !== 'json') return parsed;
  const result = z.safeParse(certificatesSchema, parsed.value);
  if (!result.success) return { kind: 'invalid', reason: issuesReason(key, result.error.issues) };
  return {
    kind: 'valid',
    certificates: result.data.map((entry): ProviderCertificate => {
      const hours = entry.recommended_expiry_notification_time;
      return {
        csr: normalisePem(entry.certificate_signing_request),
        certificate: entry.certificate,
        ca: entry.ca,
        chain: entry.chain ?? [],
        ...(hours === undefined || hours === null ? {} : { recommendedExpiryNotificationHours: hours }),
        ...(entry.revoked === undefined || entry.revoked === null ? {} : { revoked: entry.revoked }),
      };
    }),
  };
}
