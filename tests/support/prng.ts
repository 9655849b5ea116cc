// A small seeded PRNG for reproducible fuzzing: the same seed always yields the same cases.
// mulberry32: 32-bit state, fast, good enough for test-case generation (not for cryptography).

export interface Prng {
  /** The seed this generator started from (print it in test names so a failure can be replayed). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `count` distinct elements (or all of them when there are fewer), in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** A string of `length` characters drawn from `alphabet` (code points, so astral characters stay whole). */
  string(length: number, alphabet: string): string;
  /** An independent generator derived from this one and a label: adding cases elsewhere does not shift these. */
  fork(label: string): Prng;
}

function hashLabel(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i += 1) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function createPrng(seed: number): Prng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new RangeError(`bad range [${min}, ${max}]`);
    return min + Math.floor(next() * (max - min + 1));
  };
  const prng: Prng = {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    sample: (items, count) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i -= 1) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j] as (typeof copy)[number], copy[i] as (typeof copy)[number]];
      }
      return copy.slice(0, Math.max(0, count));
    },
    string: (length, alphabet) => {
      const chars = [...alphabet];
      if (chars.length === 0) throw new RangeError('empty alphabet');
      let out = '';
      for (let i = 0; i < length; i += 1) out += chars[int(0, chars.length - 1)];
      return out;
    },
    fork: (label) => createPrng(hashLabel(seed, label)),
  };
  return prng;
}

/** An integer from the environment variable `name`, else `fallback`; anything else is an error, not a silent default. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^-?[0-9]+$/.test(raw.trim())) throw new Error(`${name}=${JSON.stringify(raw)} is not an integer`);
  return Number(raw.trim());
}
