// Polling for tests that watch a real, asynchronous system (Flume moving events). Time only bounds how
// long we wait; what a test asserts is the state it waited for, never how fast it came.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (generous: the machine is shared and JVMs are slow to start). */
  readonly timeoutMs: number;
  /** Pause between two polls; 250 ms by default. */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout message. */
  readonly what?: string;
}

export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, readonly lastValue: unknown) {
    super(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}; last seen: ${describe(lastValue)}`);
    this.name = 'WaitTimeoutError';
  }
}

/**
 * Polls `probe` until `done(value)` holds and returns that value. A probe that throws counts as not done
 * (a JVM still starting refuses connections); its last error is in the timeout message.
 */
export async function waitUntil<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      last = value;
      if (done(value)) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(options.what ?? 'a condition', options.timeoutMs, last);
    await sleep(options.intervalMs ?? 250);
  }
}

/** Polls a boolean predicate until it holds. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, options: WaitOptions): Promise<void> {
  await waitUntil(predicate, (ok) => ok, options);
}

/**
 * Polls `probe` until its value stops changing for `quietMs` (e.g. a sink's files once the channel drained)
 * and returns it. `equal` compares two successive values.
 */
export async function waitUntilStable<T>(
  probe: () => T | Promise<T>,
  equal: (a: T, b: T) => boolean,
  options: WaitOptions & { readonly quietMs: number },
): Promise<T> {
  let previous: { value: T; since: number } | undefined;
  return waitUntil(
    async () => {
      const value = await probe();
      const now = Date.now();
      if (!previous || !equal(previous.value, value)) previous = { value, since: now };
      return { value, stableFor: now - previous.since };
    },
    (sample) => sample.stableFor >= options.quietMs,
    options,
  ).then((sample) => sample.value);
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}
