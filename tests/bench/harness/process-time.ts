// Wall time of a child process, measured the way juju-sim measures a hook: spawn() to 'close', same options.
import { spawn, spawnSync } from 'node:child_process';
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

/** Wall and CPU time (user + sys of the process and the children it waited for) from fork to exit. */
export interface RusageProcess {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly exitCode: number | null;
}

// An observer outside node: python's fork/exec/wait4 gives the child's rusage to the microsecond, which
// node does not expose. Its own start-up happens before the fork and is not measured.
const RUSAGE_PROBE = String.raw`
import json, os, sys, time
spec = json.load(sys.stdin)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.chdir(spec['cwd'])
        null = os.open('/dev/null', os.O_RDWR)
        for fd in (0, 1, 2): os.dup2(null, fd)
        os.execve(spec['command'], [spec['command']] + spec['args'], spec['env'])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = (time.perf_counter() - start) * 1000
code = os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else (status >> 8)
print(json.dumps({'wallMs': wall, 'cpuMs': (usage.ru_utime + usage.ru_stime) * 1000, 'exitCode': code}))
`;

let python: string | null | undefined;

/** python3 on PATH (for timeProcessRusage), or null. */
export function rusageAvailable(): boolean {
  if (python === undefined) {
    const found = spawnSync('python3', ['-c', 'import os; print(hasattr(os, "wait4"))'], { encoding: 'utf8' });
    python = found.status === 0 && found.stdout.trim() === 'True' ? 'python3' : null;
  }
  return python !== null;
}

/** `command` must be an absolute path; stdio is /dev/null. Needs rusageAvailable(). */
export async function timeProcessRusage(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string }): Promise<RusageProcess> {
  if (!rusageAvailable() || !python) throw new Error('python3 with os.wait4 is needed for CPU times');
  const spec = JSON.stringify({ command, args, env: options.env, cwd: options.cwd });
  const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(python as string, ['-c', RUSAGE_PROBE], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(spec);
  });
  if (run.code !== 0) throw new Error(`rusage probe failed: ${run.err.trim()}`);
  return JSON.parse(run.out) as RusageProcess;
}
