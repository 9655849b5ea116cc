// Output the way Juju's cmd package writes it: --format smart|yaml|json, with Go's encoders' habits
// (json.Marshal sorts map keys and escapes <, >, &; yaml.v2 sorts map keys; smart prints strings raw).
import { stringify } from 'yaml';

export type OutputFormat = 'smart' | 'yaml' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'smart', 'yaml'];

const GO_STRUCT = Symbol('go-struct');

/** Marks an object as a Go struct: its fields keep their order instead of being sorted like a map's keys. */
export function goStruct<T extends object>(value: T): T {
  Object.defineProperty(value, GO_STRUCT, { value: true, enumerable: false });
  return value;
}

function isStruct(value: object): boolean {
  return (value as Record<symbol, unknown>)[GO_STRUCT] === true;
}

function sortedForGo(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedForGo);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (!isStruct(value)) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortedForGo(v)]));
  }
  return value;
}

/** Go's json.Marshal output for a JSON-able value (HTML-safe escaping included). */
export function goJson(value: unknown): string {
  const text = JSON.stringify(sortedForGo(value ?? null)) ?? 'null';
  return text
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function goYaml(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = stringify(sortedForGo(value), { lineWidth: 0 }).replace(/\n+$/, '');
  return text === '' ? '' : `${text}\n`;
}

function goSmart(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join('\n');
  else if (typeof value === 'boolean') text = value ? 'True' : 'False';
  else return goYaml(value);
  return text === '' ? '' : `${text}\n`;
}

/** What a jujuc command prints for `value` with the chosen --format. */
export function formatOutput(format: OutputFormat, value: unknown): string {
  switch (format) {
    case 'json':
      return `${goJson(value)}\n`;
    case 'yaml':
      return goYaml(value);
    case 'smart':
      return goSmart(value);
  }
}

/** Go's %q for a []string, as in `unrecognized args: ["a" "b"]`. */
export function goQuoteList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}
