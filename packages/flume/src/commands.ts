import { flushStderrLines, runProcess } from '@flume-charms/reactive';
import { CommandError } from './errors';

// Every privileged or init-system action is a command (docs/contracts.md §3), run without a shell,
// so no argument is ever interpreted. juju-sim puts recording fakes of these on PATH.

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Exit codes that are answers rather than failures (e.g. `systemctl is-active` exits 3 when inactive). */
  okExitCodes?: readonly number[];
  env?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

/** Commands that change the machine (apt-get, systemctl start/stop, useradd, Java): execa, loaded on first use. */
export async function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  flushStderrLines(); // the narration so far is in the log before a command that may take long
  const { execa } = await import('execa');
  const command = [file, ...args];
  const result = await execa(file, [...args], {
    reject: false,
    stdin: 'ignore',
    env: options.env ? { ...options.env } : undefined,
    timeout: options.timeoutMs,
    stripFinalNewline: false,
  });
  const stdout = typeof result.stdout === 'string' ? result.stdout : '';
  const stderr = typeof result.stderr === 'string' ? result.stderr : '';
  const ok = options.okExitCodes ?? [0];
  if (result.exitCode === undefined || !ok.includes(result.exitCode)) {
    throw new CommandError(command, result.exitCode, stderr || (result.failed ? String(result.message) : ''));
  }
  return { exitCode: result.exitCode, stdout, stderr };
}

/**
 * Read-only commands on the path every hook takes (`systemctl show`): the small node:child_process runner
 * of packages/reactive instead of execa, which would cost each update-status ~20 ms to load (issue 15).
 * Same contract as runCommand (test/commands-contract.test.ts).
 */
export async function readCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const command = [file, ...args];
  const result = await runProcess(file, args, {
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}), // extends the environment, as execa does
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const ok = options.okExitCodes ?? [0];
  if (result.exitCode === undefined || !ok.includes(result.exitCode)) {
    throw new CommandError(command, result.exitCode, result.stderr || (result.failure ?? ''));
  }
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}
