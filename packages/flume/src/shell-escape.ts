import { UnsafeValueError } from './errors';
import { scalarText } from './scalar-text';

// flume-env.sh is sourced by bash (bin/flume-ng). Every value a flume-env.sh template prints becomes ONE
// single-quoted shell word: inside '...' nothing is special except the quote itself, written as '\''.
// Control characters (newline included) are rejected: they have no business in an environment value.

const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export function escapeShellValue(value: unknown, where = 'value'): string {
  const text = scalarText(value, where);
  if (FORBIDDEN_CONTROL.test(text)) throw new UnsafeValueError(where, 'control characters are not allowed');
  if (text.length > 8192) throw new UnsafeValueError(where, 'value longer than 8192 characters');
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
