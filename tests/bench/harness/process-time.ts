// Wall time of a child process, measured the way juju-sim measures a hook: spawn() to 'close', same options.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface TimedProcess {
  readonly ms: number;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function timeProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<TimedProcess> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, [...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ ms: performance.now() - started, exitCode, stdout, stderr }));
  });
}

/**
 * The environment juju-sim gives a hook, without the JUJU_* variables: PATH, HOME, LANG, TMPDIR.
 * It matters: this shell's NODE_EXTRA_CA_CERTS alone adds ~40 ms to every node start, and hooks never see it.
 */
export function hookLikeEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    LANG: process.env['LANG'] ?? 'C.UTF-8',
    ...(process.env['TMPDIR'] ? { TMPDIR: process.env['TMPDIR'] } : {}),
  };
}

/** `node -e 0` in a hook's environment: the floor every hook of a Node charm pays. */
export function timeNodeBaseline(): Promise<TimedProcess> {
  return timeProcess(process.execPath, ['-e', '0'], { env: hookLikeEnv() });
}

/**
 * Runs `a` and `b` alternately `reps` times, swapping which goes first on every repetition, so that a drift
 * in machine load hits both series alike. Returns the samples in pair order.
 */
export async function interleave<A, B>(reps: number, a: () => Promise<A>, b: () => Promise<B>): Promise<{ a: A[]; b: B[] }> {
  const as: A[] = [];
  const bs: B[] = [];
  for (let i = 0; i < reps; i++) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return { a: as, b: bs };
}
