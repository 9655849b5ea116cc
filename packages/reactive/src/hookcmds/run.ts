// The one place where hook tools are executed. Everything else calls runTool()/runToolJson().
import { HookToolError, HookToolOutputError } from '../errors';
import type { Json } from '../json';
import { runProcess } from '../process-runner';

export interface ToolCall {
  readonly tool: string;
  readonly args: readonly string[];
  /** Text written to the tool's stdin (relation-set --file -, state-set --file -). */
  readonly input?: string;
}

/** Runs one hook tool and resolves with its stdout; rejects with HookToolError on a non-zero exit. */
export type ToolRunner = (call: ToolCall) => Promise<string>;

/**
 * The production runner: one node:child_process spawn per call (see process-runner.ts for why not execa).
 * It keeps execaToolRunner's contract: stdout as printed, HookToolError with the code and stderr.
 */
export const spawnToolRunner: ToolRunner = async ({ tool, args, input }) => {
  const result = await runProcess(tool, args, input === undefined ? {} : { input });
  if (result.exitCode !== 0) {
    const stderr = result.stderr !== '' ? result.stderr : (result.failure ?? '');
    throw new HookToolError(tool, args, result.exitCode, stderr);
  }
  return result.stdout;
};

/** The execa runner, imported on its first call; kept as the reference for spawnToolRunner's contract. */
export const execaToolRunner: ToolRunner = async ({ tool, args, input }) => {
  const { execa } = await import('execa');
  const result = await execa(tool, [...args], {
    reject: false,
    stripFinalNewline: false,
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
  if (result.failed) {
    const stderr = typeof result.stderr === 'string' && result.stderr !== '' ? result.stderr : result.shortMessage;
    throw new HookToolError(tool, args, result.exitCode, stderr ?? '');
  }
  return typeof result.stdout === 'string' ? result.stdout : '';
};

let runner: ToolRunner = spawnToolRunner;
// Read-only answers, valid for the length of one hook (one process).
const readCache = new Map<string, Promise<string>>();

/** Replace the runner (tests inject a fake tool set). Also empties the per-hook cache. */
export function useToolRunner(next: ToolRunner): void {
  runner = next;
  readCache.clear();
}

/** Forget cached read-only answers (a new hook starts). */
export function resetToolCache(): void {
  readCache.clear();
}

/** Give a read-only call's answer for the rest of the hook without running the tool (a stored copy of it). */
export function answerForHook(tool: string, args: readonly string[], stdout: string): void {
  readCache.set(JSON.stringify([tool, ...args]), Promise.resolve(stdout));
}

export interface RunOptions {
  readonly input?: string;
  /** Cache the answer for the rest of the hook: only for read-only tools. */
  readonly cache?: boolean;
}

export function runTool(tool: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const call: ToolCall = options.input === undefined ? { tool, args } : { tool, args, input: options.input };
  if (!options.cache) return runner(call);
  const key = JSON.stringify([tool, ...args]);
  const cached = readCache.get(key);
  if (cached) return cached;
  const pending = runner(call);
  readCache.set(key, pending);
  // A failed call is not an answer: let the next caller try again.
  pending.catch(() => readCache.delete(key));
  return pending;
}

export async function runToolJson(tool: string, args: readonly string[], options: RunOptions = {}): Promise<Json> {
  const stdout = await runTool(tool, args, options);
  const text = stdout.trim();
  if (text === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new HookToolOutputError(tool, args, stdout, 'not JSON');
  }
}

/** Narrow a parsed answer, or fail naming the tool. */
export function expectShape<T extends Json>(
  tool: string,
  args: readonly string[],
  value: Json,
  guard: (v: Json) => v is T,
  what: string,
): T {
  if (!guard(value)) throw new HookToolOutputError(tool, args, JSON.stringify(value), `expected ${what}`);
  return value;
}

export const isStringArray = (v: Json): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
export const isObject = (v: Json): v is { [key: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStringRecord = (v: Json): v is Record<string, string> =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'string');
