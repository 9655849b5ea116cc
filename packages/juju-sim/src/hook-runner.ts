// Runs one hook or action as Juju does: the charm's `dispatch` (or the legacy hooks/NAME, actions/NAME),
// in its own process group, with the charm directory as working directory.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

const MAX_OUTPUT = 1024 * 1024;

export interface ProcessOutcome {
  /** Exit code, or null when a signal ended the process. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** False when the charm has neither dispatch nor a file for this hook: Juju then skips the hook. */
  readonly ran: boolean;
  readonly timedOut: boolean;
}

export interface RunningProcess {
  readonly pid: number | undefined;
  readonly done: Promise<ProcessOutcome>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `dispatchPath` is JUJU_DISPATCH_PATH: hooks/NAME or actions/NAME. */
/** `enter`: an argv prefix the hook runs under (real-machine mode: nsenter into the unit's network namespace). */
export function startHookProcess(charmDir: string, dispatchPath: string, env: NodeJS.ProcessEnv, timeoutMs: number, enter: readonly string[] = []): RunningProcess {
  const dispatch = join(charmDir, 'dispatch');
  const legacy = join(charmDir, dispatchPath);
  const command = executable(dispatch) ? dispatch : executable(legacy) ? legacy : undefined;
  if (!command) {
    return { pid: undefined, done: Promise.resolve({ exitCode: 0, signal: null, stdout: '', stderr: '', ran: false, timedOut: false }) };
  }
  const argv: string[] = [...enter, command];
  const child = spawn(argv[0] as string, argv.slice(1), { cwd: charmDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    if (stdout.length < MAX_OUTPUT) stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < MAX_OUTPUT) stderr += d;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, timeoutMs);
  const done = new Promise<ProcessOutcome>((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: 127, signal: null, stdout, stderr: `${stderr}${error.message}\n`, ran: true, timedOut });
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr, ran: true, timedOut });
    });
  });
  return { pid: child.pid, done };
}

/** SIGKILL to the hook's whole process group (dispatch, node, and any tool it is running). */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
