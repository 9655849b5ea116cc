import { UnsafeValueError } from './errors';
import { scalarText } from './scalar-text';

// THE gate between untrusted values (config, relation data) and flume.conf. Every value that a flume.conf
// template prints passes through escapePropertyValue (render.ts gives it no other way in).
//
// java.util.Properties reads `key = value` lines: a newline or CR ends the line, `\` escapes and continues
// lines, `=`, `:` and whitespace end a key, `#`/`!` start comments, `\uXXXX` is a character. Flume then trims
// keys and values, drops empty values, and (1.10+) may substitute `${...}`. So a value is REJECTED when it:
//   - is empty or only whitespace (Flume drops the property: the line would silently disappear),
//   - has leading or trailing whitespace (Flume trims it: the value would silently change),
//   - contains a control character (C0, DEL, C1; CR and LF would end the line and start a new property),
//   - contains `${` (config filter / variable substitution), or a lone UTF-16 surrogate,
//   - is longer than MAX_PROPERTY_VALUE_LENGTH.
// Otherwise it is ESCAPED so that it reads back as exactly itself in a key or a value position:
//   `\` -> `\\`; `=`, `:`, `#`, `!` and space -> backslash-prefixed; non-ASCII -> `\uXXXX`.

export const MAX_PROPERTY_VALUE_LENGTH = 4096;

export type PropertyScalar = string | number | boolean;

const SPECIAL = /[\\=:#! ]/g;
const FORBIDDEN_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function escapePropertyValue(value: unknown, where = 'value'): string {
  const text = scalarText(value, where);
  if (text.length === 0 || text.trim().length === 0) {
    throw new UnsafeValueError(where, 'empty value (Flume ignores properties with empty values)');
  }
  if (text.length > MAX_PROPERTY_VALUE_LENGTH) {
    throw new UnsafeValueError(where, `value longer than ${MAX_PROPERTY_VALUE_LENGTH} characters`);
  }
  if (text !== text.trim()) {
    throw new UnsafeValueError(where, 'leading or trailing whitespace (Flume trims values)');
  }
  const control = FORBIDDEN_CONTROL.exec(text);
  if (control) {
    throw new UnsafeValueError(where, `control character U+${codePointHex(control[0])} is not allowed`);
  }
  if (text.includes('${')) {
    throw new UnsafeValueError(where, '"${" is not allowed (Flume substitutes ${...})');
  }
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) throw new UnsafeValueError(where, 'lone UTF-16 surrogate');
      out += unicodeEscape(unit) + unicodeEscape(next);
      i += 1;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      throw new UnsafeValueError(where, 'lone UTF-16 surrogate');
    } else if (unit > 0x7e) {
      // ASCII-only output: Flume reads flume.conf with the JVM's default charset, which may not be UTF-8.
      out += unicodeEscape(unit);
    } else {
      out += (text[i] as string).replace(SPECIAL, (c) => `\\${c}`);
    }
  }
  return out;
}

function unicodeEscape(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}

function codePointHex(c: string): string {
  return (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
