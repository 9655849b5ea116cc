// The final model state a clean run and a faulted-then-retried run must agree on: databags, the files under
// each unit's root, the unit's stored flags and kv, opened ports, workload status and service state.
import { existsSync } from 'node:fs';
import { HookStormError, type Model } from '@flume-charms/juju-sim';
import { serviceView, unitPorts, workload } from './scenarios';
import { treeSnapshot, type Tree } from './tree';

export interface UnitSnapshot {
  readonly rootfs: Tree;
  /** 'absent' before the first successful hook; 'unparsable' is what a kill must never leave. */
  readonly state: { flags: string[]; kv: Record<string, unknown> } | 'absent' | 'unparsable';
  readonly ports: readonly string[];
  readonly status: { status: string; message: string };
  /** enabled / activeState only: a retry may restart Flume once more than a clean run (at-least-once). */
  readonly service: { enabled: boolean; activeState: string } | undefined;
}

export interface ModelSnapshot {
  readonly databags: Record<string, Record<string, string>>;
  readonly units: Record<string, UnitSnapshot>;
}

/** The unit's `.unit-state.json` parsed, or 'unparsable' (what the kill trials must never see). */
export function storedState(model: Model, unit: string): UnitSnapshot['state'] {
  if (!existsSync(model.unitPath(unit, '.unit-state.json'))) return 'absent';
  try {
    const parsed = JSON.parse(model.unitFile(unit, '.unit-state.json')) as { flags?: unknown; kv?: unknown };
    if (!Array.isArray(parsed.flags) || typeof parsed.kv !== 'object' || parsed.kv === null) return 'unparsable';
    return { flags: [...(parsed.flags as string[])].sort(), kv: withoutReadingTimes(parsed.kv as Record<string, unknown>) };
  } catch {
    return 'unparsable';
  }
}

/**
 * The kv without the time each stored Flume health reading was taken (`at`): two runs take their readings at
 * different moments; the counters they read must still agree.
 */
function withoutReadingTimes(kv: Record<string, unknown>): Record<string, unknown> {
  const isReading = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && 'sinks' in v && 'channels' in v && typeof (v as { at?: unknown }).at === 'number';
  return Object.fromEntries(
    Object.entries(kv).map(([key, value]) => {
      if (!isReading(value)) return [key, value];
      const { at: _at, ...counters } = value;
      return [key, counters];
    }),
  );
}

export function unitSnapshot(model: Model, unit: string): UnitSnapshot {
  const service = serviceView(model, unit);
  return {
    rootfs: treeSnapshot(model.unitPath(unit, '/')),
    state: storedState(model, unit),
    ports: unitPorts(model, unit),
    status: workload(model, unit),
    service: service && { enabled: service.enabled, activeState: service.activeState },
  };
}

export function modelSnapshot(model: Model, apps: readonly string[]): ModelSnapshot {
  const units = apps.flatMap((app) => model.units(app));
  const databags: ModelSnapshot['databags'] = {};
  for (const id of model.relationIds()) {
    for (const owner of [...units, ...apps]) {
      const bag = model.relationData(id, owner);
      if (Object.keys(bag).length > 0) databags[`${id} ${owner}`] = bag;
    }
  }
  return { databags, units: Object.fromEntries(units.map((u) => [u, unitSnapshot(model, u)])) };
}

/** Human-readable differences between two snapshots (empty when they agree). */
export function snapshotDiff(expected: ModelSnapshot, actual: ModelSnapshot): string[] {
  const out: string[] = [];
  const cmp = (what: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${what}: expected ${JSON.stringify(a)?.slice(0, 300)}, got ${JSON.stringify(b)?.slice(0, 300)}`);
  };
  cmp('databag keys', Object.keys(expected.databags), Object.keys(actual.databags));
  for (const key of Object.keys(expected.databags)) cmp(`databag ${key}`, expected.databags[key], actual.databags[key]);
  cmp('units', Object.keys(expected.units), Object.keys(actual.units));
  for (const [unit, e] of Object.entries(expected.units)) {
    const a = actual.units[unit];
    if (!a) continue;
    const files = new Set([...Object.keys(e.rootfs), ...Object.keys(a.rootfs)]);
    for (const file of [...files].sort()) cmp(`${unit} rootfs ${file}`, e.rootfs[file], a.rootfs[file]);
    cmp(`${unit} stored state`, e.state, a.state);
    cmp(`${unit} ports`, e.ports, a.ports);
    cmp(`${unit} status`, e.status, a.status);
    cmp(`${unit} service`, e.service, a.service);
  }
  return out;
}

/**
 * Runs exactly one queued hook (the model must have concurrency 1) and returns whether one ran.
 * settle({ maxHooks: 1 }) reports "more hooks are queued" as a HookStormError: here that is the normal case.
 */
export async function runOneHook(model: Model): Promise<boolean> {
  const before = model.hookRuns.length;
  try {
    await model.settle({ maxHooks: 1 });
  } catch (error) {
    if (!(error instanceof HookStormError)) throw error;
  }
  return model.hookRuns.length > before;
}
