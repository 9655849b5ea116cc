// What changes in the model around a hook, besides the commit: relation membership before it starts, install
// and stop statuses, and after success storage attach/release, a broken relation left, a removed unit gone,
// a principal's subordinate created.
import type { HookEvent } from './hook-event';
import type { UnitState } from './model-state';
import type { ModelStore } from './model-store';
import type { ModelParts } from './model-parts';
import { dropRelationIfDone } from './removal';
import { releaseStorage } from './storage';
import { subordinateToCreate } from './subordinates';
import { addUnitTo } from './units';

/** What changes in the unit's view when a hook starts (Juju updates relation membership before the hook). */
export function beforeHook(store: ModelStore, unit: UnitState, event: HookEvent): void {
  if (event.relationId !== undefined) {
    if (event.name.endsWith('-relation-created')) {
      unit.relations.add(event.relationId);
      if (!unit.joined.has(event.relationId)) unit.joined.set(event.relationId, new Set());
    } else if (event.name.endsWith('-relation-joined') && event.remoteUnit) unit.joined.get(event.relationId)?.add(event.remoteUnit);
    else if (event.name.endsWith('-relation-departed') && event.remoteUnit) unit.joined.get(event.relationId)?.delete(event.remoteUnit);
  }
  if (event.name === 'install' && !unit.statusSetByCharm) store.setWorkloadStatus(unit, { status: 'maintenance', message: 'installing charm software' });
  if (event.name === 'stop' && !unit.statusSetByCharm) store.setWorkloadStatus(unit, { status: 'maintenance', message: 'stopping charm software' });
}

/** After a successful hook's commit. */
export async function afterSuccess(parts: ModelParts, unit: UnitState, event: HookEvent): Promise<void> {
  const { store } = parts;
  const attachment = event.storageId ? unit.storage.get(event.storageId) : undefined;
  if (attachment && event.name.endsWith('-storage-attached')) attachment.attached = true;
  if (attachment && event.name.endsWith('-storage-detaching')) releaseStorage(unit, attachment);
  if (event.name === 'install' && !unit.statusSetByCharm) store.setWorkloadStatus(unit, { status: 'unknown', message: '' });
  if (event.relationId !== undefined && event.name.endsWith('-relation-broken')) {
    unit.relations.delete(event.relationId);
    unit.joined.delete(event.relationId);
    const relation = store.relations.get(event.relationId);
    if (relation) dropRelationIfDone(store, relation);
  }
  if (event.name === 'remove') {
    unit.life = 'dead';
    // The machine goes with its last unit: services stopped, namespace deleted.
    parts.machines.retire(unit.name);
    const app = store.app(unit.app);
    app.units.splice(app.units.indexOf(unit.name), 1);
    unit.queue.length = 0;
    for (const relation of [...store.relations.values()]) dropRelationIfDone(store, relation);
  }
  await enterContainerScope(parts, unit, event);
}

/** A principal unit that entered a container-scoped relation gets its subordinate unit (Juju's EnterScope). */
async function enterContainerScope(parts: ModelParts, unit: UnitState, event: HookEvent): Promise<void> {
  if (event.relationId === undefined || !event.name.endsWith('-relation-created')) return;
  const relation = parts.store.relations.get(event.relationId);
  const app = relation ? subordinateToCreate(parts.store, unit, relation) : undefined;
  if (app) await addUnitTo(parts, app, unit);
}
