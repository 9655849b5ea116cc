// The state of the hook that is running now: its context, the unit state and the dispatch bookkeeping.
import type { HookContext } from './context';
import { NoHookRunningError } from './errors';
import type { Endpoint } from './endpoint';
import type { UnitState } from './unit-state';

/** charms.reactive's FlagWatch: which flags changed in the previous dispatch iteration. */
export class FlagWatch {
  iteration = 0;
  private changes = new Set<string>();
  private pending = new Set<string>();
  /** Set by clearFlag: the rest of the current queue must be tested again. */
  flagCleared = false;

  change(flag: string): void {
    this.pending.add(flag);
  }
  /** End of an invoke round: the pending changes become the ones handlers are re-tested against. */
  commit(): void {
    this.changes = this.pending;
    this.pending = new Set();
  }
  /** A handler is tested in the first iteration, later only when one of its flags changed. */
  watch(flags: ReadonlySet<string>): boolean {
    if (this.iteration === 0) return true;
    for (const flag of flags) if (this.changes.has(flag)) return true;
    return false;
  }
  reset(): void {
    this.iteration = 0;
    this.changes = new Set();
    this.pending = new Set();
    this.flagCleared = false;
  }
}

export type DispatchPhase = 'startup' | 'hooks' | 'other' | 'commit';

export interface Runtime {
  readonly context: HookContext;
  readonly state: UnitState;
  readonly watch: FlagWatch;
  readonly endpoints: Map<string, Endpoint>;
  phase: DispatchPhase;
  /** Where the dispatcher narrates (stderr in production: Juju logs it without a tool call). */
  readonly trace: (line: string) => void;
}

let current: Runtime | undefined;

export function currentRuntime(what: string): Runtime {
  if (!current) throw new NoHookRunningError(what);
  return current;
}

export function maybeRuntime(): Runtime | undefined {
  return current;
}

export function enterRuntime(runtime: Runtime): void {
  current = runtime;
}

export function leaveRuntime(): void {
  current = undefined;
}
