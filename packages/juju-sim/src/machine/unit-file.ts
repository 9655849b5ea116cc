// A systemd unit file, parsed as far as the real-machine services need it: the [Service] directives, with
// systemd's rules for quoting command lines (systemd.service "Command lines") and Environment= assignments.

export interface ServiceDirectives {
  /** Every value of every [Service] key, in order (a key may repeat; an empty value resets a list). */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/** Parses the [Service] section; comments (`#`, `;`) and line continuations (`\` at the end) as systemd reads them. */
export function parseServiceSection(text: string): ServiceDirectives {
  const values = new Map<string, string[]>();
  let section = '';
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1);
      continue;
    }
    if (section !== 'Service') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const list = values.get(key) ?? [];
    list.push(value);
    values.set(key, list);
  }
  return { values };
}

/** The last value of a key (systemd: a later assignment of a single-valued setting wins). */
export function lastValue(directives: ServiceDirectives, key: string): string | undefined {
  const list = directives.values.get(key);
  return list && list.length ? list[list.length - 1] : undefined;
}

/** A list-valued key: space-separated words across assignments, an empty assignment resetting the list. */
export function listValue(directives: ServiceDirectives, key: string): string[] {
  let words: string[] = [];
  for (const value of directives.values.get(key) ?? []) {
    if (value === '') words = [];
    else words.push(...splitQuoted(value));
  }
  return words;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", ' ': ' ', a: '\x07', b: '\b', f: '\f', v: '\v', s: ' ' };

/**
 * Splits words as systemd does for ExecStart= and Environment=: whitespace separates, a word may be
 * "double" or 'single' quoted (quotes removed), and C-style backslash escapes are decoded.
 */
export function splitQuoted(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    let word = '';
    let quote: string | undefined;
    for (; i < text.length; i++) {
      const c = text[i] as string;
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && i + 1 < text.length) word += ESCAPES[text[++i] as string] ?? text[i];
        else word += c;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '\\' && i + 1 < text.length) word += ESCAPES[text[++i] as string] ?? text[i];
      else if (/\s/.test(c)) break;
      else word += c;
    }
    words.push(word);
  }
  return words;
}

export interface ExecCommand {
  readonly argv: readonly string[];
  /** The `-` prefix: a failing exit status counts as success. */
  readonly ignoreFailure: boolean;
}

/** ExecStart=: the argv, with systemd's prefixes (`-`, `@`, `:`, `+`, `!`) taken off; `%%` becomes `%`. */
export function parseExecStart(value: string): ExecCommand {
  let rest = value.trimStart();
  let ignoreFailure = false;
  while (/^[-@:+!]/.test(rest)) {
    if (rest[0] === '-') ignoreFailure = true;
    rest = rest.slice(1);
  }
  const argv = splitQuoted(rest).map((w) => w.replace(/%%/g, '%'));
  return { argv, ignoreFailure };
}

/** Environment= assignments (`"A=b c" D=e`), later ones winning. */
export function parseEnvironment(values: readonly string[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const value of values) {
    for (const word of splitQuoted(value)) {
      const eq = word.indexOf('=');
      if (eq > 0) env.set(word.slice(0, eq), word.slice(eq + 1));
    }
  }
  return env;
}

/** An EnvironmentFile: KEY=VALUE lines, `#`/`;` comments, values optionally quoted. */
export function parseEnvironmentFile(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const quoted = /^(["']).*\1$/.test(value) && value.length >= 2;
    env.set(key, quoted ? (splitQuoted(value)[0] ?? '') : value);
  }
  return env;
}

/** A time span in seconds (`5`, `5s`, `500ms`, `1min`, `infinity`). */
export function parseSeconds(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (value === 'infinity') return Number.POSITIVE_INFINITY;
  let total = 0;
  const units: Readonly<Record<string, number>> = { '': 1, s: 1, sec: 1, ms: 0.001, m: 60, min: 60, h: 3600 };
  const re = /(\d+(?:\.\d+)?)\s*([a-z]*)/g;
  let matched = false;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const factor = units[m[2] ?? ''];
    if (factor === undefined) return fallback;
    total += Number(m[1]) * factor;
    matched = true;
  }
  return matched ? total : fallback;
}
