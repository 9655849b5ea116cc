// charms.reactive flags.py: set/clear/toggle/test flags of the running hook.
// Changes live in memory and reach .unit-state.json only when the hook succeeds.
import { currentRuntime } from './runtime';
import { triggersOnClear, triggersOnSet, type Trigger } from './triggers';

function fire(triggers: readonly Trigger[]): void {
  for (const trigger of triggers) {
    for (const flag of trigger.setFlags) setFlag(flag);
    for (const flag of trigger.clearFlags) clearFlag(flag);
    for (const callback of trigger.callbacks) callback();
  }
}

export function setFlag(flag: string): void {
  const runtime = currentRuntime('setFlag');
  if (runtime.state.flags.has(flag)) return;
  runtime.state.flags.add(flag);
  runtime.watch.change(flag);
  fire(triggersOnSet(flag));
}

export function clearFlag(flag: string): void {
  const runtime = currentRuntime('clearFlag');
  // As charms.reactive: any clear makes the dispatcher re-test the rest of its queue.
  runtime.watch.flagCleared = true;
  if (!runtime.state.flags.delete(flag)) return;
  runtime.watch.change(flag);
  fire(triggersOnClear(flag));
}

export function toggleFlag(flag: string, should: unknown): void {
  if (should) setFlag(flag);
  else clearFlag(flag);
}

export function isFlagSet(flag: string): boolean {
  return currentRuntime('isFlagSet').state.flags.has(flag);
}

/** Every set flag, sorted. */
export function getFlags(): string[] {
  return [...currentRuntime('getFlags').state.flags].sort();
}

export function allFlagsSet(flags: readonly string[]): boolean {
  return flags.every(isFlagSet);
}

export function anyFlagsSet(flags: readonly string[]): boolean {
  return flags.some(isFlagSet);
}
