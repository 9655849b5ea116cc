// The small node:child_process runner for the read-only hot path of every hook: hook tools and
// `systemctl show`. execa costs a no-op hook ~20 ms to import and first call (README, Performance);
// this costs one spawn. Commands that change the machine keep execa (packages/flume's runCommand).
//
// The spawn is synchronous (spawnSync), behind the same Promise: a hook awaits each call before its next
// step anyway, and the first asynchronous spawn costs ~3.5 ms more CPU on Node 20 (pipe sockets, streams,
// SIGCHLD handling). The event loop stands still meanwhile: timers and sockets opened before the call
// (none on the hot path) only see its time go by.
import { spawnSync } from 'node:child_process';
import { flushStderrLines } from './stderr-line';

export interface ProcessOptions {
  /** Text written to stdin; without it stdin is /dev/null. */
  readonly input?: string;
  /** The whole environment (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** SIGKILL after this many milliseconds. */
  readonly timeoutMs?: number;
}

export interface ProcessOutcome {
  /** undefined when the process could not be started or a signal ended it. */
  readonly exitCode: number | undefined;
  readonly signal: NodeJS.Signals | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** Why there is no exit code, in words (`spawn X ENOENT`, `killed by SIGKILL`, `timed out after N ms`). */
  readonly failure?: string;
}

/** Runs `file` without a shell; never rejects: every way of failing is in the outcome. */
export function runProcess(file: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessOutcome> {
  flushStderrLines(); // the narration so far is in the log before a process that may hang
  const result = spawnSync(file, [...args], {
    // A tool may exit without reading its input: that is its answer, not a write error.
    ...(options.input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input: options.input, stdio: ['pipe', 'pipe', 'pipe'] }),
    // Passed explicitly: the environment as this module sees it (a test's PATH included), as execa does.
    env: options.env ?? process.env,
    maxBuffer: Infinity, // as the streams were: no limit
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const }),
  });
  // Decoded once at the end, so a multi-byte character split across reads stays whole.
  const streams = { stdout: result.stdout?.toString('utf8') ?? '', stderr: result.stderr?.toString('utf8') ?? '' };
  const error = result.error as NodeJS.ErrnoException | undefined;
  if (error?.code === 'ETIMEDOUT') return Promise.resolve({ exitCode: undefined, signal: result.signal ?? 'SIGKILL', failure: `timed out after ${options.timeoutMs} ms`, ...streams });
  // Could not start (ENOENT, EACCES): node's own words, `spawnSync FILE ENOENT`.
  if (error !== undefined && result.pid === 0) return Promise.resolve({ exitCode: undefined, signal: undefined, failure: error.message, ...streams });
  if (result.signal) return Promise.resolve({ exitCode: undefined, signal: result.signal, failure: `killed by ${result.signal}`, ...streams });
  return Promise.resolve({ exitCode: result.status ?? undefined, signal: undefined, ...streams });
}
