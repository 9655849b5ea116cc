// One running hook: what its tools read and the changes they buffer until the hook exits 0 (Juju's commit rule).
import type { HookEvent } from './hook-event';
import type { AppState, RelationState, UnitState } from './model-state';
import type { ModelStore } from './model-store';

export interface PortOp {
  readonly op: 'open' | 'close';
  readonly range: string;
  /** "" means all endpoints. */
  readonly endpoint: string;
}

/** Changes a hook makes that Juju applies only when the hook succeeds. */
export class PendingChanges {
  readonly unitSettings = new Map<number, Record<string, string>>();
  readonly appSettings = new Map<number, Record<string, string>>();
  readonly portOps: PortOp[] = [];
  leaderData: Record<string, string> | undefined;
  charmState: Record<string, string> | undefined;
}

export interface ActionOutcome {
  results: Record<string, unknown>;
  failure: string | undefined;
  readonly log: string[];
}

export class HookContext {
  readonly pending = new PendingChanges();
  readonly action: ActionOutcome = { results: {}, failure: undefined, log: [] };
  toolCalls = 0;
  pid: number | undefined;
  killed = false;

  constructor(
    readonly id: string,
    readonly store: ModelStore,
    readonly unit: UnitState,
    readonly event: HookEvent,
  ) {}

  get app(): AppState {
    return this.store.app(this.unit.app);
  }

  get hookName(): string {
    return this.event.name;
  }

  isLeader(): boolean {
    return this.app.leader === this.unit.name;
  }

  /** The relation of the current relation hook, or -1 (Juju's "no default relation"). */
  get defaultRelationId(): number {
    return this.event.relationId ?? -1;
  }

  /** A relation this unit can address with -r: one it has entered and not yet left. */
  visibleRelation(id: number): RelationState | undefined {
    if (!this.unit.relations.has(id)) return undefined;
    return this.store.relations.get(id);
  }

  /** The unit's own bag as this hook sees it: committed data plus its own relation-set calls. */
  ownUnitSettings(relationId: number): Record<string, string> {
    return { ...(this.pending.unitSettings.get(relationId) ?? this.store.relation(relationId).unitData.get(this.unit.name) ?? {}) };
  }

  ownAppSettings(relationId: number): Record<string, string> {
    return { ...(this.pending.appSettings.get(relationId) ?? this.store.relation(relationId).appData.get(this.unit.app) ?? {}) };
  }

  leaderSettings(): Record<string, string> {
    return { ...(this.pending.leaderData ?? this.app.leaderData) };
  }

  charmState(): Record<string, string> {
    return { ...(this.pending.charmState ?? this.unit.charmState) };
  }
}
