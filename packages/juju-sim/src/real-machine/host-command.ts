// Runs a host command (ip, mount tools) synchronously: they take milliseconds, and teardown at process exit
// cannot wait for callbacks.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface HostResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function host(argv: readonly string[]): HostResult {
  const [command, ...args] = argv as [string, ...string[]];
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  if (result.error) return { code: 127, stdout: '', stderr: result.error.message };
  return { code: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Runs a command that must succeed; its stderr becomes the error message. */
export function hostOrThrow(argv: readonly string[]): string {
  const result = host(argv);
  if (result.code !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr.trim() || `exit ${result.code}`}`);
  return result.stdout;
}

/** Whether a process is still the one that was recorded (pid and kernel start time, so a reused pid is dead). */
export function processAlive(pid: number, startTime: string | undefined): boolean {
  try {
    const stat = readStat(pid);
    return startTime === undefined || stat === startTime;
  } catch {
    return false;
  }
}

/** Field 22 of /proc/PID/stat: the start time in clock ticks since boot. */
export function processStartTime(pid: number): string {
  return readStat(pid);
}

function readStat(pid: number): string {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after it are counted from the closing parenthesis.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '';
}
