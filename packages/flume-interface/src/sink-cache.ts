// The agent's per-unit cache of VALIDATED sink data, kept in unit state (the endpoint's kv).
// A sink unit's data only changes in that unit's own relation hooks, so every other hook can answer from here.
// Types only from the schema, so this file does not load zod.
import type { SinkDataCheck } from './schema';
import { compareSinkPosition, type SinkPosition } from './sink-order';

/** Bump when the stored shape or the validation rules change: a mismatch rebuilds the cache from relation data. */
export const SINK_CACHE_VERSION = 2; // 2: IPv6-only sinks are invalid; max-batch-size
export const SINK_CACHE_KEY = 'sinks';

// Type aliases, not interfaces, so that they are assignable to the kv store's Json type.
export type CachedSink = {
  readonly relationId: string;
  readonly unit: string;
  readonly check: SinkDataCheck;
};

export type StoredSinkCache = {
  readonly version: number;
  readonly sinks: CachedSink[];
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCheck(value: unknown): value is SinkDataCheck {
  if (!isObject(value)) return false;
  if (value.kind === 'pending') return true;
  if (value.kind === 'invalid') return typeof value.reason === 'string';
  if (value.kind !== 'valid' || !isObject(value.sink)) return false;
  const { host, port, protocol, compression, maxBatchSize } = value.sink;
  return (
    typeof host === 'string' &&
    typeof port === 'number' &&
    typeof protocol === 'string' &&
    typeof compression === 'string' &&
    (maxBatchSize === undefined || typeof maxBatchSize === 'number')
  );
}

function isCachedSink(value: unknown): value is CachedSink {
  return isObject(value) && typeof value.relationId === 'string' && typeof value.unit === 'string' && isCheck(value.check);
}

/**
 * The cached sinks, keyed by `relationId unit`; undefined when there is no usable cache (never written,
 * another version, or damaged), which tells the caller to re-read every unit once.
 */
export function readSinkCache(stored: unknown): Map<string, CachedSink> | undefined {
  if (!isObject(stored) || stored.version !== SINK_CACHE_VERSION || !Array.isArray(stored.sinks)) return undefined;
  if (!stored.sinks.every(isCachedSink)) return undefined;
  return new Map(stored.sinks.map((sink) => [sinkKey(sink), sink]));
}

export function sinkKey(position: SinkPosition): string {
  return `${position.relationId} ${position.unit}`;
}

/** The JSON form, sorted in the stable sink order so that an unchanged cache serialises identically. */
export function storedSinkCache(sinks: Iterable<CachedSink>): StoredSinkCache {
  return { version: SINK_CACHE_VERSION, sinks: [...sinks].sort(compareSinkPosition) };
}
