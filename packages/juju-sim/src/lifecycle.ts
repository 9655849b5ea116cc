// Which hooks Juju queues for which units when the model changes, and in which order.
import { relationHookName, storageHookName, type HookEvent, type StorageHookKind } from './hook-event';
import { isPeer, localEndpoint, remoteApp, type RelationState, type StorageAttachment, type UnitState } from './model-state';
import type { ModelStore } from './model-store';
import { inSameContainer, isContainerScoped } from './subordinates';

type EventFields = Omit<HookEvent, 'seq'>;

export class Lifecycle {
  private seq = 0;

  constructor(private readonly store: ModelStore) {}

  /** Appends an event to the unit's queue (actions go to its action queue). */
  queue(unit: UnitState, fields: EventFields): HookEvent {
    const event: HookEvent = { ...fields, seq: ++this.seq };
    (event.kind === 'action' ? unit.actionQueue : unit.queue).push(event);
    return event;
  }

  /** Events not yet started: the running one has already read its inputs. A failed head will be retried. */
  private waiting(unit: UnitState): HookEvent[] {
    return unit.queue.filter((e) => e !== unit.running);
  }

  /** Queues a hook unless an identical one is already waiting (Juju coalesces repeated changes). */
  queueCoalesced(unit: UnitState, fields: EventFields): void {
    const same = this.waiting(unit).some(
      (e) => e.name === fields.name && e.relationId === fields.relationId && e.remoteUnit === fields.remoteUnit && e.remoteApp === fields.remoteApp,
    );
    if (!same) this.queue(unit, fields);
  }

  private relationFields(relation: RelationState, unit: UnitState, kind: Parameters<typeof relationHookName>[1]): EventFields {
    const endpoint = localEndpoint(relation, unit.app).endpoint.name;
    return { kind: 'hook', name: relationHookName(endpoint, kind), relationId: relation.id, relationName: endpoint, remoteApp: remoteApp(relation, unit.app) };
  }

  /** Fills the bag Juju writes for every unit that enters a relation. */
  prefillUnitData(relation: RelationState, unit: UnitState): void {
    if (relation.unitData.has(unit.name)) return;
    relation.unitData.set(unit.name, { 'egress-subnets': `${unit.address}/32`, 'ingress-address': unit.address, 'private-address': unit.address });
  }

  relationCreated(relation: RelationState, unit: UnitState): void {
    this.prefillUnitData(relation, unit);
    this.queue(unit, this.relationFields(relation, unit, 'created'));
  }

  /** relation-joined immediately followed by relation-changed, for one remote unit. */
  joined(relation: RelationState, unit: UnitState, remote: UnitState): void {
    const base = this.relationFields(relation, unit, 'joined');
    this.queue(unit, { ...base, remoteUnit: remote.name, remoteApp: remote.app });
    this.queue(unit, { ...this.relationFields(relation, unit, 'changed'), remoteUnit: remote.name, remoteApp: remote.app });
  }

  /** The other units in a relation that `unit` pairs with: the remote app's, or its peers; on one machine only for container scope. */
  counterparts(relation: RelationState, unit: UnitState): UnitState[] {
    const other = remoteApp(relation, unit.app);
    const container = isContainerScoped(relation);
    return this.store.unitsOf(other).filter((u) => u.life === 'alive' && u.name !== unit.name && (!container || inSameContainer(u, unit)));
  }

  /** A unit's data committed: relation-changed on every unit that has seen it join. */
  unitDataChanged(relation: RelationState, writer: UnitState): void {
    for (const unit of this.participants(relation)) {
      if (unit.name === writer.name || !unit.joined.get(relation.id)?.has(writer.name)) continue;
      this.queueCoalesced(unit, { ...this.relationFields(relation, unit, 'changed'), remoteUnit: writer.name, remoteApp: writer.app });
    }
  }

  /** An application bag committed: relation-changed without a remote unit on the other side (or the peers). */
  appDataChanged(relation: RelationState, writer: UnitState): void {
    for (const unit of this.participants(relation)) {
      if (unit.name === writer.name || !unit.relations.has(relation.id)) continue;
      if (!isPeer(relation) && unit.app === writer.app) continue;
      this.queueCoalesced(unit, { ...this.relationFields(relation, unit, 'changed'), remoteApp: writer.app });
    }
  }

  /** Units of both sides that are not yet removed. */
  participants(relation: RelationState): UnitState[] {
    const apps = new Set(relation.endpoints.map((e) => e.app));
    return [...apps].flatMap((app) => this.store.unitsOf(app)).filter((u) => u.life !== 'dead');
  }

  /**
   * `remote` leaves `unit`'s view of the relation: pending joined/changed hooks for it are dropped, and
   * relation-departed is queued only if `unit` has already seen it join (Juju never reports a departure
   * without a join).
   */
  depart(relation: RelationState, unit: UnitState, remote: string, departing: string): void {
    for (const e of this.waiting(unit)) {
      if (e.relationId === relation.id && e.remoteUnit === remote && (e.name.endsWith('-relation-joined') || e.name.endsWith('-relation-changed'))) {
        unit.queue.splice(unit.queue.indexOf(e), 1);
      }
    }
    if (!unit.joined.get(relation.id)?.has(remote)) return;
    // Already queued (a subordinate leaving with its principal is seen to leave twice): Juju reports it once.
    if (this.waiting(unit).some((e) => e.relationId === relation.id && e.remoteUnit === remote && e.name.endsWith('-relation-departed'))) return;
    this.queue(unit, { ...this.relationFields(relation, unit, 'departed'), remoteUnit: remote, remoteApp: remote.split('/')[0] as string, departingUnit: departing });
  }

  broken(relation: RelationState, unit: UnitState): void {
    if (this.waiting(unit).some((e) => e.relationId === relation.id && e.name.endsWith('-relation-broken'))) return;
    this.queue(unit, this.relationFields(relation, unit, 'broken'));
  }

  /**
   * A storage hook runs before the hooks already waiting: Juju's storage resolver comes before config,
   * relation and lifecycle hooks (and before install). It never overtakes a running or failed hook, nor the
   * storage hooks queued before it.
   */
  storageHook(unit: UnitState, attachment: StorageAttachment, kind: StorageHookKind): void {
    const event: HookEvent = { kind: 'hook', name: storageHookName(attachment.name, kind), storageId: attachment.id, seq: ++this.seq };
    let at = 0;
    if (unit.queue[0] && (unit.queue[0] === unit.running || unit.queue[0] === unit.error?.event)) at = 1;
    while (unit.queue[at]?.storageId !== undefined) at++;
    unit.queue.splice(at, 0, event);
  }

  hook(unit: UnitState, name: string): void {
    this.queue(unit, { kind: 'hook', name });
  }
}
