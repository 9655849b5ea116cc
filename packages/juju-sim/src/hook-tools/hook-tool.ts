// The shape of a hook tool implementation, and the output helpers they share.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { HookContext } from '../hook-context';
import { formatOutput } from '../go-format';
import { outputFormat, stringOption, type ParsedArgs } from './flags';
import { CommandError, ok, type ToolResult } from './tool-result';

export interface HookToolCall {
  readonly ctx: HookContext;
  readonly args: readonly string[];
  readonly stdin: Buffer;
  readonly cwd: string;
}

/** Throws CommandError for Juju's error answers; returns the result otherwise. */
export type HookTool = (call: HookToolCall) => ToolResult;

/** cmd.Output.Write: format the value, to stdout or to the -o/--output file. */
export function writeOutput(call: HookToolCall, parsed: ParsedArgs, value: unknown): ToolResult {
  const text = formatOutput(outputFormat(parsed), value);
  const path = stringOption(parsed, 'o');
  if (path === undefined) return ok(text);
  writeFileSync(resolve(call.cwd, path), text);
  return ok();
}

/** cmd.FileVar with "-" meaning stdin, read as Juju's readSettings does: a YAML map of strings. */
export function readSettingsFile(call: HookToolCall, path: string): Map<string, string> {
  let text: string;
  try {
    text = path === '-' ? call.stdin.toString('utf8') : readFileSync(resolve(call.cwd, path), 'utf8');
  } catch (error) {
    throw new CommandError(`open ${path}: no such file or directory`);
  }
  let value: unknown;
  try {
    // failsafe: every scalar stays the string it was written as, as when yaml.v2 decodes into map[string]string.
    value = parse(text, { schema: 'failsafe' });
  } catch (error) {
    throw new CommandError(`yaml: ${(error as Error).message.split('\n')[0] ?? 'invalid input'}`);
  }
  const result = new Map<string, string>();
  if (value === null || value === undefined || value === '') return result;
  if (typeof value !== 'object' || Array.isArray(value)) throw new CommandError(`yaml: unmarshal errors:\n  cannot unmarshal into map[string]string`);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) result.set(key, '');
    else if (typeof v === 'string') result.set(key, v === '~' || v === 'null' ? '' : v);
    else throw new CommandError(`yaml: unmarshal errors:\n  cannot unmarshal !!${Array.isArray(v) ? 'seq' : 'map'} into string`);
  }
  return result;
}
