// How a piece of untrusted input may appear in a reason: a short, JSON-quoted prefix on one line.
// No node:crypto here: the endpoint loads this module in every hook.

/** A short JSON-quoted prefix of `value`, with every control and line-separator character escaped. */
export function quotePrefix(value: string, max = 24): string {
  const prefix = value.length > max ? `${value.slice(0, max)}...` : value;
  return JSON.stringify(prefix).replace(
    /[\u0080-\u009f\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** An error message from a library or a tool, cut down to one line that echoes no input. */
export function oneLine(message: string, max = 160): string {
  const line = message.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  const printable = line.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}...` : printable;
}
