// Juju storage on the simulated machine: which instances a unit gets, where each is mounted (a directory
// under the unit's CHARM_ROOTFS), and what an unmount leaves behind.
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { CharmMeta, StorageMeta } from './charm-meta';
import { ModelError, NotFoundError } from './errors';
import type { StorageAttachment, UnitState } from './model-state';

/** Where Juju mounts storage that has no `location` (paths.StorageDir on Linux). */
export const JUJU_STORAGE_DIR = '/var/lib/juju/storage';

/** `NAME=COUNT` storage directives, as `juju deploy --storage`: validated against the charm's ranges. */
export function storageDirectives(app: string, meta: CharmMeta, requested: Readonly<Record<string, number>>): Map<string, number> {
  const result = new Map<string, number>();
  for (const [name, count] of Object.entries(requested)) {
    const store = meta.storage.get(name);
    if (!store) throw new ModelError(`cannot deploy "${app}": charm "${meta.name}" has no store called "${name}"`);
    if (!Number.isInteger(count) || count < 0) throw new ModelError(`cannot deploy "${app}": storage "${name}": invalid count ${count}`);
    checkCount(store, count, `cannot deploy "${app}": storage "${name}"`);
    result.set(name, count);
  }
  // Required stores Juju provisions even when the deploy names none (with the default pool).
  for (const store of meta.storage.values()) if (!result.has(store.name) && store.countMin > 0) result.set(store.name, store.countMin);
  for (const [name, count] of result) if (count > 0) checkSimulated(meta.storage.get(name) as StorageMeta);
  return result;
}

function checkCount(store: StorageMeta, count: number, context: string): void {
  if (count < store.countMin) throw new ModelError(`${context}: at least ${store.countMin} instances required, ${count} specified`);
  if (store.countMax !== -1 && count > store.countMax) throw new ModelError(`${context}: at most ${store.countMax} instances supported, ${count} specified`);
}

function checkSimulated(store: StorageMeta): void {
  if (store.type === 'block') throw new ModelError(`storage "${store.name}": block storage is not simulated (only filesystem storage)`);
}

/** The mount point Juju chooses (FilesystemMountPoint): `location` for a singleton, else `location/ID`. */
export function mountPoint(store: StorageMeta, id: string): string {
  if (store.location !== undefined && store.countMax === 1) return store.location;
  return posix.join(store.location ?? JUJU_STORAGE_DIR, id);
}

/** Host path of a unit's mount point: the machine path under the unit's root. */
export function hostPath(unit: UnitState, location: string): string {
  return join(unit.rootfs, location);
}

/** Allocates storage ids model-wide, per storage name, as Juju does (`data/0`, `data/1`...). */
export class StorageIds {
  private readonly next = new Map<string, number>();

  allocate(name: string): string {
    const n = this.next.get(name) ?? 0;
    this.next.set(name, n + 1);
    return `${name}/${n}`;
  }
}

/** Creates `count` instances of a store on the unit and mounts each one (an empty directory, root-owned). */
export function provisionStorage(unit: UnitState, store: StorageMeta, count: number, ids: StorageIds): StorageAttachment[] {
  checkSimulated(store);
  const alive = [...unit.storage.values()].filter((a) => a.name === store.name && a.life === 'alive').length;
  if (store.countMax !== -1 && alive + count > store.countMax) {
    throw new ModelError(`adding "${store.name}" storage to ${unit.name}: attaching ${count} storage instances brings the total to ${alive + count}, exceeding the maximum of ${store.countMax}`);
  }
  const created: StorageAttachment[] = [];
  for (let i = 0; i < count; i++) {
    const id = ids.allocate(store.name);
    const location = mountPoint(store, id);
    const dir = hostPath(unit, location);
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new ModelError(`${unit.name}: cannot mount ${id} on ${location}: the directory is not empty`);
    mkdirSync(dir, { recursive: true });
    const attachment: StorageAttachment = { id, name: store.name, kind: store.type, location, life: 'alive', attached: false };
    unit.storage.set(id, attachment);
    created.push(attachment);
  }
  return created;
}

/** The attachment with this id, on whichever unit has it. */
export function findAttachment(units: Iterable<UnitState>, id: string): { unit: UnitState; attachment: StorageAttachment } {
  for (const unit of units) {
    const attachment = unit.storage.get(id);
    if (attachment && unit.life !== 'dead') return { unit, attachment };
  }
  throw new NotFoundError(`storage "${id}" not found`);
}

/** Refuses to detach below the charm's minimum count (the unit would lose required storage). */
export function checkDetachable(unit: UnitState, store: StorageMeta, attachment: StorageAttachment): void {
  const alive = [...unit.storage.values()].filter((a) => a.name === store.name && a.life === 'alive').length;
  if (alive - 1 < store.countMin) {
    throw new ModelError(`cannot detach ${attachment.id} from ${unit.name}: charm requires at least ${store.countMin} "${store.name}" storage instances`);
  }
}

/**
 * Unmounts and forgets an attachment. The files were on the volume, not on the machine: they move to
 * `units/APP-N/storage/NAME-N` (where a test can still read them) and the bare mount point stays. Owners
 * recorded by chown under the mount point go with the volume.
 */
export function releaseStorage(unit: UnitState, attachment: StorageAttachment): void {
  unit.storage.delete(attachment.id);
  const dir = hostPath(unit, attachment.location);
  if (!existsSync(dir)) return;
  const volume = join(unit.dir, 'storage', attachment.id.replace('/', '-'));
  mkdirSync(join(unit.dir, 'storage'), { recursive: true });
  renameSync(dir, volume);
  mkdirSync(dir, { recursive: true });
  for (const path of [...unit.machineState.owners.keys()]) {
    if (path === dir || path.startsWith(`${dir}/`)) unit.machineState.owners.delete(path);
  }
}
