// One hook, start to end: context -> state -> config flags -> endpoints -> dispatch -> publish -> write state.
// Any error: log it, write nothing, exit 1 (Juju then discards relation data and ports, and retries).
import { runAction } from './action';
import { clearConfigChangedFlags, manageConfigFlags } from './config-flags';
import { readHookContext, type HookContext } from './context';
import { dispatch, DEFAULT_MAX_ITERATIONS } from './dispatch';
import { commitEndpoint, endpointRegistrations, startEndpoint, type Endpoint } from './endpoint';
import { registeredHandlers } from './handler';
import { jujuLog } from './hookcmds/log';
import { resetToolCache, useToolRunner, type ToolRunner } from './hookcmds/run';
import type { Json } from './json';
import { currentRuntime, enterRuntime, FlagWatch, leaveRuntime, type Runtime } from './runtime';
import { flushStderrLines, writeStderrLine } from './stderr-line';
import { markConfigSettled } from './stored-config';
import { UnitState } from './unit-state';

export interface MainOptions {
  /** The hook's environment (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The hook-tool runner (default: spawnToolRunner, one node:child_process spawn per call). */
  readonly runner?: ToolRunner;
  /** Defaults of the charm's config options, for the config.default.KEY flags. */
  readonly configDefaults?: Readonly<Record<string, Json>>;
  /** Bound of the dispatch loop (default 100). */
  readonly maxIterations?: number;
  /** Receives the dispatcher's narration (default: stderr, which Juju logs). */
  readonly trace?: (line: string) => void;
}

export interface HookOutcome {
  readonly exitCode: 0 | 1;
  readonly error?: unknown;
  /** Whether the unit state file was (re)written. */
  readonly stateWritten: boolean;
  /** For an action: whether its handler completed or failed (a failed action still exits 0). */
  readonly action?: 'completed' | 'failed';
}

const stderrTrace = writeStderrLine;

/** Run one hook without touching process state; main() is this plus the exit code. */
export async function runHook(options: MainOptions = {}): Promise<HookOutcome> {
  if (options.runner) useToolRunner(options.runner);
  resetToolCache();
  for (const handler of registeredHandlers()) handler.reset();
  let runtime: Runtime | undefined;
  try {
    const context = readHookContext(options.env ?? process.env);
    const endpoints = new Map<string, Endpoint>();
    runtime = {
      context,
      state: UnitState.load(context.charmDir),
      watch: new FlagWatch(),
      endpoints,
      phase: 'startup',
      trace: options.trace ?? stderrTrace,
    };
    enterRuntime(runtime);
    for (const registration of endpointRegistrations()) {
      endpoints.set(registration.name, new registration.endpointClass(registration.name));
    }
    const configSource = await manageConfigFlags(runtime, options.configDefaults ?? {});
    for (const endpoint of endpoints.values()) await endpoint[startEndpoint](runtime);

    const action = context.actionName === undefined ? undefined : await runAction(context.actionName);
    await dispatch(registeredHandlers(), runtime, options.maxIterations ?? DEFAULT_MAX_ITERATIONS);

    runtime.phase = 'commit';
    clearConfigChangedFlags(runtime);
    for (const endpoint of endpoints.values()) await endpoint[commitEndpoint](runtime);
    // Last: after every tool call, so a hook killed at any call leaves the previous state.
    const stateWritten = runtime.state.write();
    if (configSource === 'config-get') markConfigSettled(context);
    return action === undefined ? { exitCode: 0, stateWritten } : { exitCode: 0, stateWritten, action };
  } catch (error) {
    await reportFailure(error, runtime?.context, options.trace ?? stderrTrace);
    return { exitCode: 1, error, stateWritten: false };
  } finally {
    leaveRuntime();
    flushStderrLines();
  }
}

async function reportFailure(error: unknown, context: HookContext | undefined, trace: (line: string) => void): Promise<void> {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const where = context ? `hook ${context.hookName} failed` : 'hook failed before it started';
  trace(`${where}: ${error instanceof Error && error.stack ? error.stack : text}`);
  if (!context) return;
  try {
    await jujuLog(`${where}: ${text}`, 'ERROR');
  } catch {
    // The hook already failed; a broken juju-log must not hide why.
  }
}

/**
 * Where charm-build's startup-snapshot builder (code-cache/snapshot-entry.ts) waits for the hook: while it loads
 * the bundle into a V8 snapshot, main() hands the hook over instead of running it, and the snapshot runs it when
 * a hook starts from it. The same key is spelled there: charm-build does not import this package.
 */
const DEFER_HOOK = Symbol.for('flume-charms.defer-hook');

/** The entry point of a charm bundle: `void main()` after importing the handlers. */
export async function main(options: MainOptions = {}): Promise<void> {
  const defer = (globalThis as Record<symbol, unknown>)[DEFER_HOOK];
  if (typeof defer === 'function') {
    (defer as (hook: () => Promise<void>) => void)(() => runMain(options));
    return;
  }
  await runMain(options);
}

async function runMain(options: MainOptions): Promise<void> {
  const outcome = await runHook(options);
  // The hook is over and its last tool call returned; writes to stderr are synchronous on Linux. Exiting now
  // spares Node tearing down the heap it loaded (~2-3 ms of CPU per hook with a startup snapshot, issue 15).
  // 'exit' listeners (the code cache, the snapshot builder) still run.
  process.exit(outcome.exitCode);
}

/** The context of the running hook. */
export function hookContext(): HookContext {
  return currentRuntime('hookContext()').context;
}

/** The unit state of the running hook: its flags and kv store. */
export const unitState = {
  get kv() {
    return currentRuntime('unitState.kv').state.kv;
  },
  get flags(): ReadonlySet<string> {
    return currentRuntime('unitState.flags').state.flags;
  },
};
