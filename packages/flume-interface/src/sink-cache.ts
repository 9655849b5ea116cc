// The agent's per-unit cache of VALIDATED sink data, kept in unit state (the endpoint's kv).
// A sink unit's data only changes in that unit's own relation hooks, so every other hook can answer from here.
// Types only from the schema, so this file does not load zod.
import type { SinkData } from './contract';
import type { SinkDataCheck } from './schema';
import { tlsCaId as bundleId } from './tls-ca-id';
import { compareSinkPosition, type SinkPosition } from './sink-order';

/** Bump when the stored shape or the validation rules change: a mismatch rebuilds the cache from relation data. */
export const SINK_CACHE_VERSION = 3; // 2: IPv6-only sinks are invalid; max-batch-size. 3: tls-ca, stored once per bundle
export const SINK_CACHE_KEY = 'sinks';

// Type aliases, not interfaces, so that they are assignable to the kv store's Json type.
export type CachedSink = {
  readonly relationId: string;
  readonly unit: string;
  readonly check: SinkDataCheck;
  /** With a valid `tls-ca`: its sha256 (hex), computed once when the unit's data was validated. */
  readonly tlsCaId?: string;
};

/** A valid sink as stored: its tls-ca bundle replaced by the bundle's id, a key of `tlsCas`. */
type StoredSinkData = Omit<SinkData, 'tlsCa'> & { tlsCaId?: string };
type StoredCheck = Exclude<SinkDataCheck, { kind: 'valid' }> | { readonly kind: 'valid'; readonly sink: StoredSinkData };
type StoredSink = { readonly relationId: string; readonly unit: string; readonly check: StoredCheck };

export type StoredSinkCache = {
  readonly version: number;
  readonly sinks: StoredSink[];
  /** Each distinct tls-ca bundle once, by id: the units of a sink application share one bundle of up to 32 KiB. */
  readonly tlsCas: Record<string, string>;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStoredCheck(value: unknown, tlsCas: Record<string, unknown>): value is StoredCheck {
  if (!isObject(value)) return false;
  if (value.kind === 'pending') return true;
  if (value.kind === 'invalid') return typeof value.reason === 'string';
  if (value.kind !== 'valid' || !isObject(value.sink)) return false;
  const { host, port, protocol, compression, maxBatchSize, tlsCaId } = value.sink;
  return (
    typeof host === 'string' &&
    typeof port === 'number' &&
    typeof protocol === 'string' &&
    typeof compression === 'string' &&
    (maxBatchSize === undefined || typeof maxBatchSize === 'number') &&
    (tlsCaId === undefined || (typeof tlsCaId === 'string' && Object.hasOwn(tlsCas, tlsCaId) && typeof tlsCas[tlsCaId] === 'string'))
  );
}

function isStoredSink(value: unknown, tlsCas: Record<string, unknown>): value is StoredSink {
  return isObject(value) && typeof value.relationId === 'string' && typeof value.unit === 'string' && isStoredCheck(value.check, tlsCas);
}

function restored(sink: StoredSink, tlsCas: Readonly<Record<string, string>>): CachedSink {
  if (sink.check.kind !== 'valid' || sink.check.sink.tlsCaId === undefined) return sink as CachedSink;
  const { tlsCaId, ...data } = sink.check.sink;
  return { relationId: sink.relationId, unit: sink.unit, check: { kind: 'valid', sink: { ...data, tlsCa: tlsCas[tlsCaId] as string } }, tlsCaId };
}

/**
 * The cached sinks, keyed by `relationId unit`; undefined when there is no usable cache (never written,
 * another version, or damaged), which tells the caller to re-read every unit once.
 */
export function readSinkCache(stored: unknown): Map<string, CachedSink> | undefined {
  if (!isObject(stored) || stored.version !== SINK_CACHE_VERSION || !Array.isArray(stored.sinks)) return undefined;
  const { tlsCas } = stored;
  if (!isObject(tlsCas) || !stored.sinks.every((sink) => isStoredSink(sink, tlsCas))) return undefined;
  const bundles = tlsCas as Record<string, string>;
  return new Map((stored.sinks as StoredSink[]).map((sink) => [sinkKey(sink), restored(sink, bundles)]));
}

export function sinkKey(position: SinkPosition): string {
  return `${position.relationId} ${position.unit}`;
}

/** The sinks in the stable order (relation id, then unit number). */
export function sortedSinks(sinks: Iterable<CachedSink>): CachedSink[] {
  return [...sinks].sort(compareSinkPosition);
}

/** The JSON form, sorted in the stable sink order so that an unchanged cache serialises identically. */
export function storedSinkCache(sinks: Iterable<CachedSink>): StoredSinkCache {
  const tlsCas: Record<string, string> = {};
  const stored = sortedSinks(sinks).map((sink): StoredSink => {
    const { relationId, unit, check, tlsCaId } = sink;
    if (check.kind !== 'valid') return { relationId, unit, check };
    const { tlsCa, ...data } = check.sink;
    if (tlsCa === undefined) return { relationId, unit, check: { kind: 'valid', sink: data } };
    const id = tlsCaId ?? bundleId(tlsCa); // never drop a bundle: that would turn a TLS sink into a plaintext one
    tlsCas[id] = tlsCa;
    return { relationId, unit, check: { kind: 'valid', sink: { ...data, tlsCaId: id } } };
  });
  return { version: SINK_CACHE_VERSION, sinks: stored, tlsCas };
}
