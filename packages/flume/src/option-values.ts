// Reading charm config values (config-get's answer) into typed values, one option at a time. Every refusal is
// an OptionError naming the option, so a charm can say exactly what to fix: "Invalid config: OPTION: reason".
// Juju sends typed values; numbers given as numeric strings are accepted too. Choices and numbers are trimmed;
// free text is passed on as given, for the charm's own checks to judge.

/** config-get --all: option name to value (null when unset without a default). */
export type RawOptions = Readonly<Record<string, unknown>>;

export class OptionError extends Error {
  override readonly name = 'OptionError';
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`${option}: ${reason}`);
  }
}

/** A bad value, shown briefly and safely for a status: strings JSON-quoted (so escaped), one line, truncated. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const short = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return oneLine(typeof value === 'string' ? JSON.stringify(short) : short);
}

/** Escapes what JSON.stringify leaves raw (C1 controls, line/paragraph separators): a status stays one line. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u0080-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function unset(value: unknown): boolean {
  return value === null || value === undefined;
}

/** A string option, as given; a finite number is taken as its decimal text. */
export function stringOption(raw: RawOptions, option: string): string {
  const value = raw[option];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new OptionError(option, unset(value) ? 'is not set' : `${showValue(value)} is not a string`);
}

/** A whole number from `min` to `max` (an int option, or its decimal text). */
export function intOption(raw: RawOptions, option: string, min: number, max: number): number {
  const value = raw[option];
  const number = typeof value === 'string' && /^-?[0-9]+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new OptionError(option, unset(value) ? 'is not set' : `${showValue(value)} is not an integer`);
  }
  if (number < min || number > max) throw new OptionError(option, `${number} is out of range ${min}-${max}`);
  return number;
}

/** One of `allowed`, exactly (after trimming). */
export function oneOfOption<T extends string>(raw: RawOptions, option: string, allowed: readonly T[]): T {
  const value = stringOption(raw, option).trim();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(option, `${showValue(value)} is not one of ${allowed.join(', ')}`);
}

export type OptionsResult<T> = { readonly ok: true; readonly config: T } | { readonly ok: false; readonly error: OptionError };

/** Runs a charm's parser; the first OptionError it throws (its options are read in order) is the result. */
export function validateOptions<T>(parse: () => T): OptionsResult<T> {
  try {
    return { ok: true, config: parse() };
  } catch (error) {
    if (error instanceof OptionError) return { ok: false, error };
    throw error;
  }
}
