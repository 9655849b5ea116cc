// charms.reactive register_trigger: when a flag is set (or cleared), set/clear other flags at once.
import { RegistrationError } from './errors';

export interface TriggerSpec {
  /** Fire when this flag becomes set. */
  readonly when?: string;
  /** Fire when this flag becomes cleared. */
  readonly whenNot?: string;
  readonly setFlag?: string | readonly string[];
  readonly clearFlag?: string | readonly string[];
  readonly callback?: () => void;
}

export interface Trigger {
  readonly setFlags: readonly string[];
  readonly clearFlags: readonly string[];
  readonly callbacks: ReadonlyArray<() => void>;
}

const onSet = new Map<string, Trigger[]>();
const onClear = new Map<string, Trigger[]>();

const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);

/** Register a trigger; exactly one of `when` / `whenNot`, and at least one effect. */
export function registerTrigger(spec: TriggerSpec): void {
  if ((spec.when === undefined) === (spec.whenNot === undefined)) {
    throw new RegistrationError('registerTrigger needs exactly one of `when` or `whenNot`');
  }
  const trigger: Trigger = {
    setFlags: list(spec.setFlag),
    clearFlags: list(spec.clearFlag),
    callbacks: spec.callback ? [spec.callback] : [],
  };
  if (trigger.setFlags.length + trigger.clearFlags.length + trigger.callbacks.length === 0) {
    throw new RegistrationError('registerTrigger needs setFlag, clearFlag or callback');
  }
  const [table, flag] = spec.when !== undefined ? [onSet, spec.when] : [onClear, spec.whenNot as string];
  table.set(flag, [...(table.get(flag) ?? []), trigger]);
}

export function triggersOnSet(flag: string): readonly Trigger[] {
  return onSet.get(flag) ?? [];
}

export function triggersOnClear(flag: string): readonly Trigger[] {
  return onClear.get(flag) ?? [];
}

export function clearTriggers(): void {
  onSet.clear();
  onClear.clear();
}
