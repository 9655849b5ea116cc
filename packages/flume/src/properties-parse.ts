// A reader with java.util.Properties.load(Reader) semantics, so the checker sees exactly what Flume sees:
// - lines end at \n, \r or \r\n; leading whitespace (space, \t, \f) is skipped;
// - a line whose first non-blank character is `#` or `!` is a comment (its trailing `\` continues nothing);
// - an odd number of trailing backslashes joins the next line, whose leading whitespace is dropped;
// - the key ends at the first unescaped `=`, `:` or whitespace; then blanks, at most one `=`/`:`, blanks;
// - escapes: \t \n \r \f \uXXXX, and `\x` is `x` for any other x. A malformed \uXXXX makes Java throw.
// Duplicate keys are all returned (Properties keeps the last one silently; the checker reports them).

export interface PropertyEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line where the logical line starts. */
  readonly line: number;
}

export interface ParsedProperties {
  readonly entries: readonly PropertyEntry[];
  /** Problems Java would throw on (Flume then fails to load the file at all). */
  readonly errors: ReadonlyArray<{ line: number; message: string }>;
}

const BLANK = new Set([' ', '\t', '\f']);

export function parseProperties(text: string): ParsedProperties {
  const entries: PropertyEntry[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  const lines = text.split(/\r\n|\r|\n/);
  let i = 0;
  while (i < lines.length) {
    const startLine = i + 1;
    let natural = stripLeading(lines[i] as string);
    i += 1;
    if (natural === '' || natural.startsWith('#') || natural.startsWith('!')) continue;
    let logical = '';
    for (;;) {
      if (endsWithOddBackslashes(natural)) {
        logical += natural.slice(0, -1);
        if (i >= lines.length) break; // Java drops a backslash at end of input
        natural = stripLeading(lines[i] as string);
        i += 1;
      } else {
        logical += natural;
        break;
      }
    }
    const split = splitKeyValue(logical);
    try {
      entries.push({ key: unescape(split.key), value: unescape(split.value), line: startLine });
    } catch (error) {
      errors.push({ line: startLine, message: (error as Error).message });
    }
  }
  return { entries, errors };
}

function stripLeading(line: string): string {
  let start = 0;
  while (start < line.length && BLANK.has(line[start] as string)) start += 1;
  return line.slice(start);
}

function endsWithOddBackslashes(line: string): boolean {
  let count = 0;
  for (let j = line.length - 1; j >= 0 && line[j] === '\\'; j -= 1) count += 1;
  return count % 2 === 1;
}

function splitKeyValue(line: string): { key: string; value: string } {
  let keyEnd = line.length;
  let valueStart = line.length;
  let hasSeparator = false;
  let precedingBackslash = false;
  for (let j = 0; j < line.length; j += 1) {
    const c = line[j] as string;
    if ((c === '=' || c === ':') && !precedingBackslash) {
      keyEnd = j;
      valueStart = j + 1;
      hasSeparator = true;
      break;
    }
    if (BLANK.has(c) && !precedingBackslash) {
      keyEnd = j;
      valueStart = j + 1;
      break;
    }
    precedingBackslash = c === '\\' ? !precedingBackslash : false;
  }
  while (valueStart < line.length) {
    const c = line[valueStart] as string;
    if (BLANK.has(c)) {
      valueStart += 1;
    } else if (!hasSeparator && (c === '=' || c === ':')) {
      hasSeparator = true;
      valueStart += 1;
    } else {
      break;
    }
  }
  return { key: line.slice(0, keyEnd), value: line.slice(valueStart) };
}

const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(text: string): string {
  let out = '';
  for (let j = 0; j < text.length; j += 1) {
    const c = text[j] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    j += 1;
    if (j >= text.length) break;
    const next = text[j] as string;
    if (next === 'u') {
      const hex = text.slice(j + 1, j + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error('Malformed \\uxxxx encoding');
      out += String.fromCharCode(parseInt(hex, 16));
      j += 4;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}
