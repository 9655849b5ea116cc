// The model's state as the controller holds it: applications, units, relations and their databags.
import type { CharmMeta, ConfigValue, EndpointMeta, StorageKind } from './charm-meta';
import type { HookEvent } from './hook-event';
import type { MachineState } from './machine/machine-state';

export type WorkloadStatusName = 'unknown' | 'maintenance' | 'blocked' | 'waiting' | 'active' | 'error' | 'terminated';

export interface StatusValue {
  status: WorkloadStatusName;
  message: string;
}

export interface StatusHistoryEntry extends StatusValue {
  readonly seq: number;
}

export interface AppState {
  readonly name: string;
  charmDir: string;
  meta: CharmMeta;
  charmRevision: number;
  readonly defaults: Map<string, ConfigValue>;
  /** Values the user set with config(): they win over the defaults. */
  readonly config: Map<string, ConfigValue>;
  leader: string | undefined;
  nextUnitNumber: number;
  /** Unit names, alive or dying, in creation order. */
  readonly units: string[];
  /** Committed leader settings (leader-set). */
  leaderData: Record<string, string>;
  /** Set by `status-set --application`; undefined derives the status from the units. */
  status: StatusValue | undefined;
  version: string;
  /** Resource name -> file on the host. */
  readonly resources: Map<string, string>;
  /** Storage directives (`juju deploy --storage NAME=COUNT`): instances each new unit gets. */
  readonly storage: Map<string, number>;
}

/** One storage instance attached to a unit (Juju's storage attachment, with its filesystem). */
export interface StorageAttachment {
  /** `NAME/N`, numbered model-wide per storage name. */
  readonly id: string;
  readonly name: string;
  readonly kind: StorageKind;
  /** The mount point as the charm sees it (storage-get location): a machine path, without CHARM_ROOTFS. */
  readonly location: string;
  /** alive until detached; dying once detaching was requested; removed after storage-detaching commits. */
  life: 'alive' | 'dying';
  /** Whether storage-attached has committed (Juju runs storage-detaching only then). */
  attached: boolean;
}

export type UnitLife = 'alive' | 'dying' | 'dead';

export interface UnitState {
  readonly name: string;
  readonly app: string;
  readonly number: number;
  /** The unit's agent directory (charm copy, rootfs, resources). */
  readonly dir: string;
  readonly charmDir: string;
  readonly rootfs: string;
  readonly address: string;
  readonly machine: number;
  /** A subordinate unit's principal unit: it shares that unit's machine (address, rootfs, machine state). */
  readonly principal?: string;
  life: UnitLife;
  workload: StatusValue;
  /** Whether the charm ever called status-set: until it does, Juju reports its own statuses. */
  statusSetByCharm: boolean;
  readonly statusHistory: StatusHistoryEntry[];
  /** Set while the unit is stopped on a failed hook, until resolve(). */
  error: { hook: string; event: HookEvent } | undefined;
  /** Committed opened ports ("4141/tcp"), with the endpoint they apply to ("" = all). */
  readonly ports: Map<string, Set<string>>;
  /** Committed charm state (state-set). */
  charmState: Record<string, string>;
  /** Hooks waiting to run, in order. */
  readonly queue: HookEvent[];
  readonly actionQueue: HookEvent[];
  running: HookEvent | undefined;
  /** Relations this unit has entered (relation-created ran), until relation-broken completes. */
  readonly relations: Set<number>;
  /** Per relation, the remote units this unit has seen join and not yet depart. */
  readonly joined: Map<number, Set<string>>;
  readonly machineState: MachineState;
  /** Storage attached (or being attached/detached), by id. */
  readonly storage: Map<string, StorageAttachment>;
}

export interface RelationEndpoint {
  readonly app: string;
  readonly endpoint: EndpointMeta;
}

export interface RelationState {
  readonly id: number;
  /** Two endpoints (provider first), or one for a peer relation. */
  readonly endpoints: readonly RelationEndpoint[];
  life: 'alive' | 'dying';
  /** Committed unit databags, kept after a unit departs, as Juju keeps them for the relation's lifetime. */
  readonly unitData: Map<string, Record<string, string>>;
  readonly appData: Map<string, Record<string, string>>;
}

export function isPeer(relation: RelationState): boolean {
  return relation.endpoints.length === 1;
}

/** The endpoint of `app` in the relation. */
export function localEndpoint(relation: RelationState, app: string): RelationEndpoint {
  const found = relation.endpoints.find((e) => e.app === app);
  if (!found) throw new Error(`application ${app} is not part of relation ${relation.id}`);
  return found;
}

/** The application at the other end (the same app for a peer relation). */
export function remoteApp(relation: RelationState, app: string): string {
  if (isPeer(relation)) return app;
  const other = relation.endpoints.find((e) => e.app !== app);
  if (!other) throw new Error(`relation ${relation.id} has no remote side for ${app}`);
  return other.app;
}

/** Juju's relation key: "app:ep app2:ep2" (requirer first, as Juju prints it) or "app:ep" for peers. */
export function relationKey(relation: RelationState): string {
  const parts = relation.endpoints.map((e) => `${e.app}:${e.endpoint.name}`);
  return [...parts].reverse().join(' ');
}

export interface LogRecord {
  readonly unit: string;
  readonly hook: string;
  readonly level: string;
  readonly message: string;
}
