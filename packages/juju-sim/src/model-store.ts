// The controller's data: every application, unit and relation, and the records tests read back.
import type { AppState, LogRecord, RelationState, UnitState } from './model-state';
import { effectiveConfig } from './config';
import type { ConfigValue } from './charm-meta';
import { NotFoundError } from './errors';

export class ModelStore {
  readonly apps = new Map<string, AppState>();
  readonly units = new Map<string, UnitState>();
  readonly relations = new Map<number, RelationState>();
  readonly logs: LogRecord[] = [];
  nextRelationId = 0;
  nextAddress = 1;
  nextMachine = 0;
  private statusSeq = 0;

  constructor(
    readonly name: string,
    readonly uuid: string,
    readonly dir: string,
  ) {}

  app(name: string): AppState {
    const app = this.apps.get(name);
    if (!app) throw new NotFoundError(`application "${name}" not found`);
    return app;
  }

  unit(name: string): UnitState {
    const unit = this.units.get(name);
    if (!unit) throw new NotFoundError(`unit "${name}" not found`);
    return unit;
  }

  relation(id: number): RelationState {
    const relation = this.relations.get(id);
    if (!relation) throw new NotFoundError(`relation ${id} not found`);
    return relation;
  }

  config(app: string): Record<string, ConfigValue | null> {
    const state = this.app(app);
    return effectiveConfig(state.meta, state.defaults, state.config);
  }

  /** Units of `app` that are alive or dying (not yet removed). */
  unitsOf(app: string): UnitState[] {
    return this.app(app).units.map((u) => this.unit(u));
  }

  relationsOf(app: string): RelationState[] {
    return [...this.relations.values()].filter((r) => r.endpoints.some((e) => e.app === app));
  }

  nextStatusSeq(): number {
    return ++this.statusSeq;
  }

  setWorkloadStatus(unit: UnitState, status: UnitState['workload']): void {
    unit.workload = { ...status };
    unit.statusHistory.push({ ...status, seq: this.nextStatusSeq() });
  }
}
