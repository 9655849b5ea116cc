// charms.reactive bus.Handler: an action with predicates, the flags it watches and lazily evaluated arguments.
import type { FlagWatch } from './runtime';

/** Any handler function; its parameters are the endpoints of its when() flags (or of its relation hook). */
export type HandlerFunction = (...args: never[]) => unknown;

/** 'hooks' handlers (hook(), action()) run first, once; 'other' handlers run in the settling loop. */
export type HandlerPhase = 'hooks' | 'other';

export interface HandlerSpec {
  readonly id: string;
  readonly phase: HandlerPhase;
  readonly action: HandlerFunction;
  readonly predicates: ReadonlyArray<() => boolean>;
  /** Flags whose change makes the handler be tested again after the first iteration. */
  readonly flags: ReadonlySet<string>;
  /** Computed once per hook, at the first invocation. */
  readonly args: () => unknown[];
  readonly after: ReadonlyArray<() => void>;
}

export class Handler {
  private evaluatedArgs: unknown[] | undefined;

  constructor(private readonly spec: HandlerSpec) {}

  get id(): string {
    return this.spec.id;
  }
  get phase(): HandlerPhase {
    return this.spec.phase;
  }

  test(phase: HandlerPhase, watch: FlagWatch): boolean {
    if (phase !== this.spec.phase) return false;
    if (this.spec.flags.size > 0 && !watch.watch(this.spec.flags)) return false;
    return this.spec.predicates.every((predicate) => predicate());
  }

  async invoke(): Promise<void> {
    this.evaluatedArgs ??= this.spec.args();
    await (this.spec.action as (...args: unknown[]) => unknown)(...this.evaluatedArgs);
    for (const callback of this.spec.after) callback();
  }

  /** A new hook starts: forget the arguments computed for the previous one. */
  reset(): void {
    this.evaluatedArgs = undefined;
  }
}

const handlers: Handler[] = [];
const usedIds = new Set<string>();

export function registerHandler(spec: Omit<HandlerSpec, 'id'> & { readonly baseId: string }): Handler {
  let id = spec.baseId;
  for (let n = 2; usedIds.has(id); n++) id = `${spec.baseId}#${n}`;
  usedIds.add(id);
  const handler = new Handler({ ...spec, id });
  handlers.push(handler);
  return handler;
}

export function registeredHandlers(): readonly Handler[] {
  return handlers;
}

export function clearHandlers(): void {
  handlers.length = 0;
  usedIds.clear();
}
