// A small gnuflag: the option parser of Juju's jujuc commands, with its error messages.
// Options may appear anywhere (interspersed), "--" ends them, "-x v", "-x=v", "--long v" and "--long=v" all work.
import { goQuoteList, OUTPUT_FORMATS, type OutputFormat } from '../go-format';
import { usageError } from './tool-result';

export interface OptionSpec {
  /** Every spelling, without dashes: ['r', 'relation']. */
  readonly names: readonly string[];
  readonly kind: 'bool' | 'string';
  /** Validates and converts a value; its error message follows `invalid value "v" for option -x: `. */
  readonly parse?: (value: string) => string;
}

export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string | boolean>;
  readonly args: readonly string[];
}

function parseBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/** Parses `argv` against `specs`; options are keyed by their first name. Throws a usage error (exit 2). */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) for (const name of spec.names) byName.set(name, spec);
  const options = new Map<string, string | boolean>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (arg.length < 2 || !arg.startsWith('-')) {
      args.push(arg);
      continue;
    }
    const dash = arg.startsWith('--') ? '--' : '-';
    const body = arg.slice(dash.length);
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const spec = byName.get(name);
    if (!spec) throw usageError(`option provided but not defined: ${dash}${name}`);
    const key = spec.names[0] as string;
    if (spec.kind === 'bool') {
      if (eq === -1) options.set(key, true);
      else {
        const value = parseBool(body.slice(eq + 1));
        if (value === undefined) throw usageError(`invalid boolean value "${body.slice(eq + 1)}" for option ${dash}${name}`);
        options.set(key, value);
      }
      continue;
    }
    let value: string;
    if (eq !== -1) value = body.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i] as string;
    else throw usageError(`option needs an argument: ${dash}${name}`);
    if (spec.parse) {
      try {
        value = spec.parse(value);
      } catch (error) {
        throw usageError(`invalid value "${value}" for option ${dash}${name}: ${(error as Error).message}`);
      }
    }
    options.set(key, value);
  }
  return { options, args };
}

/** cmd.CheckEmpty. */
export function checkEmpty(args: readonly string[]): void {
  if (args.length > 0) throw usageError(`unrecognized args: ${goQuoteList(args)}`);
}

/** --format and -o/--output, added by cmd.Output.AddFlags. */
export const OUTPUT_OPTIONS: readonly OptionSpec[] = [
  {
    names: ['format'],
    kind: 'string',
    parse: (v) => {
      if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) throw new Error(`unknown format "${v}"`);
      return v;
    },
  },
  { names: ['o', 'output'], kind: 'string' },
];

export function outputFormat(parsed: ParsedArgs): OutputFormat {
  return (parsed.options.get('format') as OutputFormat | undefined) ?? 'smart';
}

export function stringOption(parsed: ParsedArgs, key: string): string | undefined {
  const value = parsed.options.get(key);
  return typeof value === 'string' ? value : undefined;
}

export function boolOption(parsed: ParsedArgs, key: string): boolean {
  return parsed.options.get(key) === true;
}

/** keyvalues.Parse(args, allowEmptyValues=true): KEY=VALUE pairs, no duplicates. */
export function parseKeyValues(args: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq < 1) throw usageError(`expected "key=value", got "${arg}"`);
    const key = arg.slice(0, eq);
    if (result.has(key)) throw usageError(`key "${key}" specified more than once`);
    result.set(key, arg.slice(eq + 1));
  }
  return result;
}
