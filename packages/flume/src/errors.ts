// Typed errors of the Flume workload. The charm maps each to a status; none of them is a crash.

/** Why the `flume` resource cannot be used. */
export type ResourceErrorReason =
  | 'missing' // no file, or an empty placeholder
  | 'unreadable' // the file cannot be opened
  | 'corrupt' // not a tar archive, truncated, bad gzip stream
  | 'not-flume' // a valid archive that is not an Apache Flume binary distribution
  | 'unsafe-entry' // absolute path, `..`, link out of the tree, device file, ...
  | 'too-large'; // over a size or entry-count limit (tar bomb)

/** The example file name shown in the hint; any apache-flume-*-bin.tar.gz works. */
export const EXAMPLE_TARBALL = './apache-flume-1.11.0-bin.tar.gz';

/** The exact command a user runs to (re)attach the resource. */
export function attachResourceHint(app: string): string {
  return `juju attach-resource ${app} flume=${EXAMPLE_TARBALL}`;
}

const REASON_TEXT: Record<ResourceErrorReason, string> = {
  missing: 'Missing flume resource',
  unreadable: 'Unreadable flume resource',
  corrupt: 'Corrupt flume resource',
  'not-flume': 'flume resource is not an Apache Flume binary tarball',
  'unsafe-entry': 'Unsafe flume resource',
  'too-large': 'flume resource too large',
};

export class ResourceError extends Error {
  override readonly name = 'ResourceError';
  constructor(
    readonly reason: ResourceErrorReason,
    readonly detail: string,
  ) {
    super(`${REASON_TEXT[reason]}: ${detail}`);
  }

  /** A `blocked` status message that says what is wrong and how to fix it. */
  blockedMessage(app: string): string {
    return `${REASON_TEXT[this.reason]} (${truncate(this.detail, 80)}): ${attachResourceHint(app)}`;
  }
}

/** A value that cannot be placed in a rendered file without changing its structure. */
export class UnsafeValueError extends Error {
  override readonly name = 'UnsafeValueError';
  constructor(
    /** Where the value came from, e.g. `flume.conf: sinks[0].hostname`. */
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
  }
}

/** A template that could bypass escaping (triple-stash, partials, unknown helpers) or fails to render. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly template: string,
    readonly problem: string,
  ) {
    super(`template ${template}: ${problem}`);
  }
}

/** A machine command that failed (non-zero exit, or not found). */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(
      `command failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}: ${command.join(' ')}` +
        (stderr.trim() ? `: ${truncate(stderr.trim().split('\n').slice(-3).join(' | '), 300)}` : ''),
    );
  }
}

/** The machine is not in a state we can work with (e.g. a symlink where a directory belongs). */
export class LayoutError extends Error {
  override readonly name = 'LayoutError';
}

/** Flume's HTTP metrics could not be read. */
export class MetricsError extends Error {
  override readonly name = 'MetricsError';
  constructor(
    readonly reason: 'unreachable' | 'timeout' | 'bad-response',
    message: string,
  ) {
    super(message);
  }
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
