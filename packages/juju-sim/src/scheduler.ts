// Which queued event runs next: each unit's hooks one at a time, up to `concurrency` units at once, oldest
// event first; actions before hooks (even on a unit in error); a failed hook stops its unit's queue.
import { HookStormError, ModelError } from './errors';
import type { HookEvent } from './hook-event';
import type { Lifecycle } from './lifecycle';
import type { UnitState } from './model-state';
import type { ModelStore } from './model-store';
import type { SettleResult } from './records';

export interface SchedulerLimits {
  /** Units whose hooks may run at the same time. */
  readonly concurrency: number;
  /** A run that starts more hooks than this without settling is a hook storm. */
  readonly maxHooks: number;
}

export class Scheduler {
  /** The running event of each busy unit. */
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly store: ModelStore,
    private readonly lifecycle: Lifecycle,
    private readonly execute: (unit: UnitState, event: HookEvent) => Promise<void>,
    private readonly limits: SchedulerLimits,
  ) {}

  /** Runs queued hooks until none can run: every queue empty, or stopped on a failed hook. */
  async settle(maxHooks = this.limits.maxHooks): Promise<SettleResult> {
    const hooksRun = await this.runUntil(() => false, maxHooks);
    const errors = [...this.store.units.values()].filter((u) => u.error).map((u) => ({ unit: u.name, hook: u.error?.hook ?? '' }));
    return { hooksRun, errors };
  }

  /** No new event starts; resolves once the running ones have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.running.values());
  }

  private nextEvent(unit: UnitState, ignoreBlocks = false): HookEvent | undefined {
    if (unit.life === 'dead' || this.running.has(unit.name)) return undefined;
    if (unit.actionQueue.length) return unit.actionQueue[0];
    const head = unit.error ? undefined : unit.queue[0];
    if (head && !ignoreBlocks && this.waitsForCreated(head)) return undefined;
    return head;
  }

  /**
   * relation-joined waits until every unit in the relation has run relation-created: a remote unit enters the
   * relation's scope only after its relation-created hook, so nobody sees it join before that.
   */
  private waitsForCreated(event: HookEvent): boolean {
    if (event.relationId === undefined || !event.name.endsWith('-relation-joined')) return false;
    const relation = this.store.relations.get(event.relationId);
    if (!relation) return false;
    return this.lifecycle
      .participants(relation)
      .some((u) => u.queue.some((e) => e.relationId === relation.id && e.name.endsWith('-relation-created')));
  }

  /** Runs events until `done()` or nothing can run; returns how many started. */
  async runUntil(done: () => boolean, maxHooks = this.limits.maxHooks): Promise<number> {
    if (this.stopped) throw new ModelError('the model has been destroyed');
    const concurrency = Math.max(1, this.limits.concurrency);
    const counts = new Map<string, number>();
    let started = 0;
    for (;;) {
      while (!done() && this.running.size < concurrency) {
        const pick = (ignoreBlocks: boolean): { unit: UnitState; event: HookEvent } | undefined =>
          [...this.store.units.values()]
            .map((unit) => ({ unit, event: this.nextEvent(unit, ignoreBlocks) }))
            .filter((c): c is { unit: UnitState; event: HookEvent } => c.event !== undefined)
            .sort((a, b) => a.event.seq - b.event.seq)[0];
        // A joined hook blocked by a created hook that can never run (its unit is in error) runs anyway.
        const next = pick(false) ?? (this.running.size === 0 ? pick(true) : undefined);
        if (!next) break;
        if (started >= maxHooks) break;
        started++;
        const key = `${next.unit.name} ${next.event.name}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        const run = this.execute(next.unit, next.event).finally(() => this.running.delete(next.unit.name));
        this.running.set(next.unit.name, run);
      }
      if (this.running.size === 0) break;
      await Promise.race(this.running.values());
    }
    const pendingWork = [...this.store.units.values()].some((u) => this.nextEvent(u, true) !== undefined);
    if (started >= maxHooks && pendingWork && !done()) {
      const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
      const top = sorted.slice(0, 5).map(([k, n]) => `${k} x${n}`).join(', ');
      throw new HookStormError(`hook storm: more than ${maxHooks} hooks without settling (most frequent: ${top})`, sorted);
    }
    return started;
  }
}
