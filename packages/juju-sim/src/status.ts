// A `juju status` view of the model, as data.
import type { ModelStore } from './model-store';
import { isPeer, type StatusValue, type UnitState, type WorkloadStatusName } from './model-state';
import { comparePortRanges } from './hook-tools/port-tools';

export interface UnitStatus {
  readonly name: string;
  readonly leader: boolean;
  readonly workload: StatusValue;
  readonly agent: 'idle' | 'executing' | 'error';
  readonly address: string;
  readonly machine: number;
  readonly ports: readonly string[];
  readonly life: 'alive' | 'dying';
  /** A subordinate unit's principal (`juju status` lists it under that unit). */
  readonly principal?: string;
}

export interface AppStatus {
  readonly name: string;
  readonly charm: string;
  readonly charmRevision: number;
  readonly version: string;
  readonly status: StatusValue;
  readonly scale: number;
  readonly subordinate: boolean;
  readonly units: readonly UnitStatus[];
}

export interface RelationStatus {
  readonly id: number;
  /** "app:endpoint" of the provider (or of the peers). */
  readonly provider: string;
  readonly requirer: string;
  readonly interface: string;
  readonly type: 'regular' | 'peer';
  readonly life: 'alive' | 'dying';
}

export interface ModelStatus {
  readonly model: { readonly name: string; readonly uuid: string; readonly version: string };
  readonly applications: readonly AppStatus[];
  readonly relations: readonly RelationStatus[];
}

// Juju derives an application's status from its units' when the leader set none: the most severe wins.
const SEVERITY: readonly WorkloadStatusName[] = ['error', 'blocked', 'waiting', 'maintenance', 'terminated', 'active', 'unknown'];

export function unitWorkload(unit: UnitState): StatusValue {
  return unit.error ? { status: 'error', message: `hook failed: "${unit.error.hook}"` } : unit.workload;
}

export function modelStatus(store: ModelStore, version: string): ModelStatus {
  const applications = [...store.apps.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((app): AppStatus => {
      const units = app.units
        .map((name) => store.unit(name))
        .filter((u) => u.life !== 'dead')
        .map(
          (u): UnitStatus => ({
            name: u.name,
            leader: app.leader === u.name,
            workload: unitWorkload(u),
            agent: u.error ? 'error' : u.running ? 'executing' : 'idle',
            address: u.address,
            machine: u.machine,
            ports: [...u.ports.keys()].sort(comparePortRanges),
            life: u.life === 'dying' ? 'dying' : 'alive',
            ...(u.principal !== undefined ? { principal: u.principal } : {}),
          }),
        );
      const worst = [...units].sort((a, b) => SEVERITY.indexOf(a.workload.status) - SEVERITY.indexOf(b.workload.status))[0];
      const status = app.status && !units.some((u) => u.workload.status === 'error') ? app.status : (worst?.workload ?? { status: 'unknown', message: '' });
      const subordinate = app.meta.subordinate;
      return { name: app.name, charm: app.meta.name, charmRevision: app.charmRevision, version: app.version, status, scale: units.length, subordinate, units };
    });
  const relations = [...store.relations.values()]
    .sort((a, b) => a.id - b.id)
    .map((r): RelationStatus => {
      const [provider, requirer] = r.endpoints;
      const name = (e: typeof provider): string => (e ? `${e.app}:${e.endpoint.name}` : '');
      return {
        id: r.id,
        provider: name(provider),
        requirer: isPeer(r) ? name(provider) : name(requirer),
        interface: provider?.endpoint.interface ?? '',
        type: isPeer(r) ? 'peer' : 'regular',
        life: r.life,
      };
    });
  return { model: { name: store.name, uuid: store.uuid, version }, applications, relations };
}
