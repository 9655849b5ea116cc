// `juju add-storage` and `juju detach-storage`: what they provision or release, and the hooks they queue.
import { ModelError, NotFoundError } from './errors';
import type { Lifecycle } from './lifecycle';
import type { StorageAttachment, UnitState } from './model-state';
import type { ModelParts } from './model-parts';
import { checkDetachable, findAttachment, provisionStorage, releaseStorage } from './storage';

/** Provisions and mounts the storage now; storage-attached runs next. Returns the new ids. */
export function addStorage(parts: ModelParts, unitName: string, name: string, count: number): string[] {
  const { store, lifecycle } = parts;
  const unit = store.unit(unitName);
  if (unit.life !== 'alive') throw new ModelError(`cannot add storage to ${unitName}: the unit is ${unit.life}`);
  const meta = store.app(unit.app).meta.storage.get(name);
  if (!meta) throw new NotFoundError(`charm ${store.app(unit.app).meta.name} has no store called "${name}"`);
  if (!Number.isInteger(count) || count < 1) throw new ModelError(`invalid storage count ${count}`);
  const attachments = provisionStorage(unit, meta, count, parts.storageIds);
  for (const attachment of attachments) lifecycle.storageHook(unit, attachment, 'attached');
  return attachments.map((a) => a.id);
}

/** storage-detaching runs next; once it commits, the storage is unmounted. */
export function detachStorage(parts: ModelParts, storageId: string): void {
  const { unit, attachment } = findAttachment(parts.store.units.values(), storageId);
  if (unit.life !== 'alive') throw new ModelError(`cannot detach ${storageId}: unit ${unit.name} is being removed`);
  if (attachment.life !== 'alive') throw new ModelError(`storage ${storageId} is already being detached`);
  const meta = parts.store.app(unit.app).meta.storage.get(attachment.name);
  if (meta) checkDetachable(unit, meta, attachment);
  detachAttachment(parts.lifecycle, unit, attachment);
}

/** Storage never announced to the charm is dropped without hooks (Juju's short-circuit removal). */
export function detachAttachment(lifecycle: Lifecycle, unit: UnitState, attachment: StorageAttachment): void {
  const attachedHook = unit.queue.findIndex((e) => e.storageId === attachment.id && e.name.endsWith('-storage-attached'));
  const event = unit.queue[attachedHook];
  if (!attachment.attached && event && event !== unit.running && event !== unit.error?.event) {
    unit.queue.splice(attachedHook, 1);
    releaseStorage(unit, attachment);
    return;
  }
  attachment.life = 'dying';
  lifecycle.storageHook(unit, attachment, 'detaching');
}
