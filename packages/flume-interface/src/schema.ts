// The flume-agent databag contract: ONE definition, used by both sides.
// The sink (provides side) writes `port`, `protocol`, `compression-type`, `max-batch-size` and `tls-ca` into its
// unit databag as raw strings; Juju adds `private-address` and `ingress-address`. The agent (requires side)
// validates that bag.
//
// `import * as z` (not `import { z }`) keeps esbuild's tree shaking working: the `z` namespace object drags
// every zod locale into the bundle (~420 KB minified instead of ~18 KB). Callers load this module lazily
// (`await import('./schema')`), so hooks that validate nothing do not evaluate zod.
import * as z from 'zod/mini';
import { isIP } from 'node:net';
import {
  COMPRESSION_TYPES,
  DEFAULT_COMPRESSION,
  KEYS,
  MAX_BATCH_SIZE_LIMIT,
  MAX_VALUE_LENGTH,
  PROTOCOLS,
  type CompressionType,
  type Protocol,
  type PublishedSinkData,
  type SinkData,
} from './contract';
import { InvalidConfigurationError, InvalidSinkDataError } from './errors';
import { checkTlsCa } from './tls-ca';

export { COMPRESSION_TYPES, DEFAULT_COMPRESSION, KEYS, MAX_BATCH_SIZE_LIMIT, MAX_VALUE_LENGTH, PROTOCOLS };
export type { CompressionType, Protocol, PublishedSinkData, SinkData };

// Each value ends up in a Flume properties file on the agent: these would let a sink inject config lines,
// comments, escapes or property references there.
const FORBIDDEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\r\n]/, 'contains a newline'],
  [/\$\{/, 'contains "${"'],
  [/=/, 'contains "="'],
  [/#/, 'contains "#"'],
  [/\\/, 'contains "\\"'],
  [/\s/, 'contains whitespace'],
];

/**
 * A value as it may be shown in a status message: JSON-quoted (so escaped) and truncated. JSON leaves the
 * C1 controls and U+2028/U+2029 (line and paragraph separators) as they are; they are escaped too, so the
 * reason stays one line wherever it is shown.
 */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}...` : value).replace(
    /[\u0080-\u009f\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Returns why a value is unsafe on the wire, or undefined when it is safe. */
export function unsafeValueReason(value: string): string | undefined {
  if (value.length > MAX_VALUE_LENGTH) return `is too large (${value.length} > ${MAX_VALUE_LENGTH} characters)`;
  for (const [pattern, problem] of FORBIDDEN) if (pattern.test(value)) return `${quoteValue(value)} ${problem}`;
  return undefined;
}

function portReason(value: string): string | undefined {
  if (!/^[1-9][0-9]{0,4}$/.test(value)) return `${quoteValue(value)} is not a decimal integer from 1 to 65535`;
  if (Number(value) > 65535) return `${quoteValue(value)} is out of range 1-65535`;
  return undefined;
}

function maxBatchReason(value: string): string | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > MAX_BATCH_SIZE_LIMIT) {
    return `${quoteValue(value)} is not a decimal integer from 1 to ${MAX_BATCH_SIZE_LIMIT}`;
  }
  return undefined;
}

const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/;

/** True for an IPv4 or IPv6 address, or an RFC 1123 hostname whose last label is not all digits. */
export function isValidHost(value: string): boolean {
  if (isIP(value) !== 0) return !value.includes('%'); // a zone id is meaningless to another machine
  // A numeric last label would make "10.0.0.256" a hostname; no top-level domain is numeric.
  return HOSTNAME.test(value) && !/(^|\.)[0-9]+\.?$/.test(value);
}

/**
 * True for what Flume's Avro and Thrift clients can connect to: an IPv4 address or a hostname. They join
 * `hostname:port` and split it on `:`, so an IPv6 literal fails ("Invalid hostname") and the sink never sends.
 */
export function isUsableHost(value: string): boolean {
  return isValidHost(value) && isIP(value) !== 6;
}

function hostReason(value: string): string | undefined {
  return isValidHost(value) ? undefined : `${quoteValue(value)} is not an IPv4 or IPv6 address or hostname`;
}

function oneOfReason(allowed: readonly string[]): (value: string) => string | undefined {
  return (value) => (allowed.includes(value) ? undefined : `${quoteValue(value)} is not one of ${allowed.join(', ')}`);
}

/** A wire value: a string, safe, then passing `rule`; the first failing check is the one reported. */
function wireString(rule: (value: string) => string | undefined) {
  return z.string({ error: 'is missing' }).check(
    z.check<string>((payload) => {
      const reason = unsafeValueReason(payload.value) ?? rule(payload.value);
      if (reason !== undefined) payload.issues.push({ code: 'custom', message: reason, input: payload.value });
    }),
  );
}

const portField = z.pipe(wireString(portReason), z.transform((value: string) => Number(value)));
const protocolField = z.pipe(wireString(oneOfReason(PROTOCOLS)), z.transform((value: string) => value as Protocol));
const compressionField = z.pipe(
  wireString(oneOfReason(COMPRESSION_TYPES)),
  z.transform((value: string) => value as CompressionType),
);
const hostField = wireString(hostReason);
const maxBatchField = z.pipe(wireString(maxBatchReason), z.transform((value: string) => Number(value)));
/** `tls-ca` is a multi-line PEM bundle, never written into a properties file: PEM rules instead of wireString's. */
const tlsCaField = z.pipe(
  z.string({ error: 'is missing' }),
  z.transform((value: string, context) => {
    const check = checkTlsCa(value);
    if (check.kind === 'valid') return check.bundle;
    context.issues.push({ code: 'custom', message: check.reason, input: value });
    return z.NEVER;
  }),
);

/** The addresses in the order the agent prefers them: ingress-address (Juju's), then private-address. */
const ADDRESS_KEYS = [KEYS.ingressAddress, KEYS.privateAddress] as const;

/** The part of the contract the sink charm writes: what `sendConfiguration()` validates before publishing. */
export const publishedSinkDataSchema = z.object({
  [KEYS.port]: portField,
  [KEYS.protocol]: protocolField,
  [KEYS.compression]: z.optional(compressionField),
  [KEYS.maxBatchSize]: z.optional(maxBatchField),
});

/** The whole sink unit databag, as the agent receives it; parses to a `SinkData`. */
export const sinkUnitDataSchema = z.pipe(
  z
    .object({
      [KEYS.port]: portField,
      [KEYS.protocol]: protocolField,
      [KEYS.compression]: z.optional(compressionField),
      [KEYS.maxBatchSize]: z.optional(maxBatchField),
      [KEYS.tlsCa]: z.optional(tlsCaField),
      [KEYS.ingressAddress]: z.optional(hostField),
      [KEYS.privateAddress]: z.optional(hostField),
    })
    .check(
      z.check((payload) => {
        const bag = payload.value;
        if (bag[KEYS.ingressAddress] === undefined && bag[KEYS.privateAddress] === undefined) {
          payload.issues.push({
            code: 'custom',
            message: 'is missing, and so is ingress-address',
            path: [KEYS.privateAddress],
            input: bag,
          });
          return;
        }
        if (!ADDRESS_KEYS.some((key) => bag[key] !== undefined && isUsableHost(bag[key]))) {
          // Only IPv6 literals: valid addresses, but not for Flume. The sink is left out, with this reason.
          const key = bag[KEYS.ingressAddress] !== undefined ? KEYS.ingressAddress : KEYS.privateAddress;
          payload.issues.push({
            code: 'custom',
            message: `${quoteValue(bag[key] as string)} is IPv6, which Flume's RPC client cannot connect to, and no IPv4 address or hostname is published`,
            path: [key],
            input: bag,
          });
        }
      }),
    ),
  z.transform((bag): SinkData => {
    // The check above guarantees a usable address.
    const host = ADDRESS_KEYS.map((key) => bag[key]).find((value) => value !== undefined && isUsableHost(value)) as string;
    const maxBatchSize = bag[KEYS.maxBatchSize];
    const tlsCa = bag[KEYS.tlsCa];
    return {
      host,
      port: bag[KEYS.port],
      protocol: bag[KEYS.protocol],
      compression: bag[KEYS.compression] ?? DEFAULT_COMPRESSION,
      ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
      ...(tlsCa === undefined ? {} : { tlsCa }),
    };
  }),
);

/** Outcome of validating one sink unit's databag. */
export type SinkDataCheck =
  | { readonly kind: 'valid'; readonly sink: SinkData }
  /** The sink has not published `port` nor `protocol` yet: waiting, not an error. */
  | { readonly kind: 'pending' }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Juju deletes a key by setting it to "", and some tools print deleted keys as "": treat both as absent. */
function withoutEmptyValues(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '' && value !== undefined && value !== null));
}

function issuesReason(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
}

/** Validates a sink unit's raw databag (the strings of `relation-get - UNIT`). Never throws. */
export function checkSinkData(raw: Readonly<Record<string, unknown>>): SinkDataCheck {
  const bag = withoutEmptyValues(raw);
  if (bag[KEYS.port] === undefined && bag[KEYS.protocol] === undefined) return { kind: 'pending' };
  const result = z.safeParse(sinkUnitDataSchema, bag);
  return result.success ? { kind: 'valid', sink: result.data } : { kind: 'invalid', reason: issuesReason(result.error.issues) };
}

/** Like `checkSinkData`, but a pending or invalid bag throws `InvalidSinkDataError`. */
export function parseSinkData(unit: string, raw: Readonly<Record<string, unknown>>): SinkData {
  const check = checkSinkData(raw);
  if (check.kind === 'valid') return check.sink;
  throw new InvalidSinkDataError(unit, check.kind === 'invalid' ? check.reason : 'port and protocol are not published yet');
}

/** A charm-side value as a wire string; config values arrive as numbers or null, hence `unknown`. */
function wireText(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  // NaN, 1.5, 1e21 fail the port and batch rules
  if ((key === KEYS.port || key === KEYS.maxBatchSize) && typeof value === 'number') return String(value);
  throw new InvalidConfigurationError(key, `is ${value === null ? 'null' : typeof value}, not a string`);
}

/**
 * Builds the raw strings the sink publishes, from charm-side values (e.g. config).
 * Throws `InvalidConfigurationError` for the first key whose value breaks the contract.
 */
export function publishedSinkData(port: unknown, protocol: unknown, compression: unknown, maxBatchSize?: unknown): PublishedSinkData {
  const bag: PublishedSinkData = {
    [KEYS.port]: wireText(KEYS.port, port),
    [KEYS.protocol]: wireText(KEYS.protocol, protocol),
    [KEYS.compression]: wireText(KEYS.compression, compression),
    ...(maxBatchSize === undefined ? {} : { [KEYS.maxBatchSize]: wireText(KEYS.maxBatchSize, maxBatchSize) }),
  };
  const result = z.safeParse(publishedSinkDataSchema, bag);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidConfigurationError(String(issue?.path[0] ?? KEYS.port), issue?.message ?? 'is invalid');
  }
  return bag;
}
