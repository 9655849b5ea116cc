// The small node:child_process runner for the read-only hot path of every hook: hook tools and
// `systemctl show`. execa costs a no-op hook ~20 ms to import and first call (README, Performance);
// this costs one spawn. Commands that change the machine keep execa (packages/flume's runCommand).
import { spawn } from 'node:child_process';

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
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: Omit<ProcessOutcome, 'stdout' | 'stderr'>): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      // Decoded once at the end, so a multi-byte character split across chunks stays whole.
      resolve({ ...outcome, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    };
    const child = spawn(file, [...args], {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      // Passed explicitly: the environment as this module sees it (a test's PATH included), as execa does.
      env: options.env ?? process.env,
    });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs);
    }
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => finish({ exitCode: undefined, signal: undefined, failure: error.message }));
    child.on('close', (code, signal) => {
      if (timedOut) finish({ exitCode: undefined, signal: signal ?? 'SIGKILL', failure: `timed out after ${options.timeoutMs} ms` });
      else if (signal) finish({ exitCode: undefined, signal, failure: `killed by ${signal}` });
      else finish({ exitCode: code ?? undefined, signal: undefined });
    });
    if (child.stdin) {
      // A tool may exit without reading its input: that is its answer, not a write error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}
