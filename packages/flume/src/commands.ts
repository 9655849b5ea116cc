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

export async function runCommand(file: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
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
