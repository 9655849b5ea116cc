// What Juju queues when a unit or a relation goes away: storage-detaching first, departures everywhere,
// relation-broken, stop and remove on the leaving unit, a new leader; a dying relation goes once empty.
import { ModelError } from './errors';
import { isPeer, type RelationState, type UnitState } from './model-state';
import type { ModelStore } from './model-store';
import type { ModelParts } from './model-parts';
import { findRelation } from './relations';
import { detachAttachment } from './storage-changes';
import { orphanedBy, refuseRemoveUnit, subordinatesOf } from './subordinates';
import { aliveUnits } from './units';

/** `juju remove-unit`: refused for a subordinate and for a unit already going. */
export function removeUnit(parts: ModelParts, unitName: string): void {
  const unit = parts.store.unit(unitName);
  refuseRemoveUnit(unit);
  if (unit.life !== 'alive') throw new ModelError(`unit ${unitName} is already being removed`);
  retireUnit(parts, unit);
}

/** The dying unit's hooks: storage detaching, departures, stop, remove; its subordinates go with it. */
export function retireUnit(parts: ModelParts, unit: UnitState): void {
  const { store, lifecycle } = parts;
  for (const sub of subordinatesOf(store, unit)) retireUnit(parts, sub);
  unit.life = 'dying';
  // Juju's storage resolver runs before the relations one: storage-detaching comes first, then the rest.
  for (const attachment of unit.storage.values()) if (attachment.life === 'alive') detachAttachment(lifecycle, unit, attachment);
  for (const id of enteredRelations(store, unit)) {
    const relation = store.relation(id);
    for (const other of lifecycle.participants(relation)) {
      if (other.name !== unit.name && other.life !== 'dead') lifecycle.depart(relation, other, unit.name, unit.name);
    }
    for (const remote of remotesOf(unit, relation)) lifecycle.depart(relation, unit, remote, unit.name);
    lifecycle.broken(relation, unit);
  }
  lifecycle.hook(unit, 'stop');
  lifecycle.hook(unit, 'remove');
  const app = store.app(unit.app);
  if (app.leader === unit.name) {
    const next = aliveUnits(store, app.name)[0];
    app.leader = next?.name;
    if (next) lifecycle.hook(next, 'leader-elected');
  }
}

/** Removes a relation by id or by its endpoints ("a:ep b:ep", either order). */
export function removeRelation(parts: ModelParts, ref: number | string): void {
  const { store, lifecycle } = parts;
  const relation = findRelation(store, ref);
  if (isPeer(relation)) throw new ModelError(`cannot remove peer relation ${relation.id}`);
  if (relation.life !== 'alive') throw new ModelError(`relation ${relation.id} is already being removed`);
  relation.life = 'dying';
  for (const unit of lifecycle.participants(relation)) {
    if (!enteredRelations(store, unit).includes(relation.id)) continue;
    for (const remote of remotesOf(unit, relation)) lifecycle.depart(relation, unit, remote, remote);
    lifecycle.broken(relation, unit);
  }
  for (const sub of orphanedBy(store, relation)) retireUnit(parts, sub);
  dropRelationIfDone(store, relation);
}

/** A dying relation disappears once no unit is left in it. */
export function dropRelationIfDone(store: ModelStore, relation: RelationState): void {
  if (relation.life !== 'dying') return;
  const inside = [...store.units.values()].some((u) => u.life !== 'dead' && (u.relations.has(relation.id) || u.queue.some((e) => e.relationId === relation.id)));
  if (!inside) store.relations.delete(relation.id);
}

/** Relations the unit has entered or is about to enter (relation-created queued). */
function enteredRelations(store: ModelStore, unit: UnitState): number[] {
  const ids = new Set(unit.relations);
  for (const e of unit.queue) if (e.relationId !== undefined && e.name.endsWith('-relation-created')) ids.add(e.relationId);
  return [...ids].filter((id) => store.relations.has(id));
}

/** Remote units the unit has joined or has a joined hook queued for. */
function remotesOf(unit: UnitState, relation: RelationState): string[] {
  const names = new Set(unit.joined.get(relation.id) ?? []);
  for (const e of unit.queue) if (e.relationId === relation.id && e.remoteUnit && e.name.endsWith('-relation-joined')) names.add(e.remoteUnit);
  return [...names];
}
