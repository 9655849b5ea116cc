// Values computed at most once per hook: a reading of the workload that several handlers of the same hook ask
// for (Flume's metrics: the channel-fill watch and the health check), without a module-level cache that would
// outlive the hook in tests, where many hooks run in one process.
import { maybeRuntime, type Runtime } from './runtime';

const valuesByHook = new WeakMap<Runtime, Map<string, unknown>>();

/** `compute()`'s value, computed once per hook for `key` and kept until the hook ends; outside a hook, at each call. */
export function perHook<T>(key: string, compute: () => T): T {
  const runtime = maybeRuntime();
  if (runtime === undefined) return compute();
  let values = valuesByHook.get(runtime);
  if (values === undefined) valuesByHook.set(runtime, (values = new Map()));
  if (values.has(key)) return values.get(key) as T;
  const value = compute();
  values.set(key, value);
  return value;
}

/** Forgets `key`'s value in the running hook: what it was computed from has changed. */
export function forgetPerHook(key: string): void {
  const runtime = maybeRuntime();
  if (runtime !== undefined) valuesByHook.get(runtime)?.delete(key);
}
