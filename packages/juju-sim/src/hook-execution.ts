// Runs one queued event on its unit: the hook or action process, its record, then Juju's commit on success
// (an action's result either way; a failed hook leaves the unit in error with the event at its queue's head).
import { performance } from 'node:perf_hooks';
import { commitHook } from './commit';
import { HookContext } from './hook-context';
import { afterSuccess, beforeHook } from './hook-effects';
import { hookEnv, type ModelEnv } from './hook-env';
import type { HookEvent } from './hook-event';
import { killGroup, startHookProcess } from './hook-runner';
import type { UnitState } from './model-state';
import type { ModelParts } from './model-parts';
import type { ActionResult, HookRun } from './records';

export class HookExecutor {
  /** Running hooks by JUJU_CONTEXT_ID: where tool requests go. */
  private readonly contexts = new Map<string, HookContext>();
  private readonly actionResults = new Map<string, ActionResult>();
  private contextCounter = 0;

  constructor(
    private readonly parts: ModelParts,
    private readonly modelEnv: ModelEnv,
    private readonly hookTimeoutMs: number,
    /** Model.hookRuns, appended to. */
    private readonly hookRuns: HookRun[],
  ) {}

  context(contextId: string): HookContext | undefined {
    return this.contexts.get(contextId);
  }

  actionResult(id: string): ActionResult | undefined {
    return this.actionResults.get(id);
  }

  /** SIGKILL to every running hook's process group. */
  killAll(): void {
    for (const ctx of this.contexts.values()) killGroup(ctx.pid);
  }

  async run(unit: UnitState, event: HookEvent): Promise<void> {
    const { store, lifecycle, machines } = this.parts;
    const contextId = `${unit.name}-${event.name}-${++this.contextCounter}`;
    beforeHook(store, unit, event);
    const ctx = new HookContext(contextId, store, unit, event);
    this.contexts.set(contextId, ctx);
    unit.running = event;
    const started = performance.now();
    const dispatchPath = event.kind === 'action' ? `actions/${event.name}` : `hooks/${event.name}`;
    // A subordinate unit runs on its principal's machine (in real mode, inside its network namespace).
    const env = hookEnv(this.modelEnv, unit, event, contextId, machines.metricsUrl(unit));
    const proc = startHookProcess(unit.charmDir, dispatchPath, env, this.hookTimeoutMs, machines.enterPrefix(unit));
    ctx.pid = proc.pid;
    const outcome = await proc.done;
    this.contexts.delete(contextId);
    unit.running = undefined;
    const success = outcome.exitCode === 0 && !ctx.killed && !outcome.timedOut;
    this.hookRuns.push({
      seq: this.hookRuns.length + 1,
      unit: unit.name,
      hook: event.name,
      kind: event.kind,
      ...(event.relationId !== undefined ? { relationId: event.relationId } : {}),
      ...(event.remoteUnit ? { remoteUnit: event.remoteUnit } : {}),
      ...(event.remoteApp ? { remoteApp: event.remoteApp } : {}),
      ...(event.departingUnit ? { departingUnit: event.departingUnit } : {}),
      ...(event.storageId ? { storageId: event.storageId } : {}),
      contextId,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      ran: outcome.ran,
      ok: success,
      durationMs: performance.now() - started,
      toolCalls: ctx.toolCalls,
      stdout: outcome.stdout,
      stderr: outcome.timedOut ? `${outcome.stderr}juju-sim: hook timed out\n` : outcome.stderr,
    });
    if (event.kind === 'action') {
      unit.actionQueue.shift();
      if (success) commitHook(ctx, lifecycle);
      const failure = ctx.action.failure ?? (success ? undefined : outcome.signal ? `signal: ${outcome.signal}` : `exit status ${outcome.exitCode}`);
      const id = event.action?.id ?? '';
      this.actionResults.set(id, {
        id,
        unit: unit.name,
        name: event.name,
        status: failure === undefined ? 'completed' : 'failed',
        results: ctx.action.results,
        ...(failure !== undefined ? { message: failure } : {}),
        log: ctx.action.log,
      });
      return;
    }
    if (!success) {
      unit.error = { hook: event.name, event };
      return;
    }
    unit.queue.shift();
    commitHook(ctx, lifecycle);
    await afterSuccess(this.parts, unit, event);
  }
}
