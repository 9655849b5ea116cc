// Copies of a unit's machine and storage that tests read: no live state leaks out of the model.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serviceName, type FileOwner, type ServiceState } from './machine/machine-state';
import type { StorageAttachment, UnitState } from './model-state';
import { hostPath } from './storage';

/** One storage attachment, as a test sees it. */
export interface StorageSnapshot {
  readonly id: string;
  readonly unit: string;
  readonly name: string;
  readonly kind: StorageAttachment['kind'];
  /** The mount point as the charm sees it (storage-get location). */
  readonly location: string;
  /** The same directory on the host, under the unit's CHARM_ROOTFS. */
  readonly hostPath: string;
  readonly life: StorageAttachment['life'];
  /** storage-attached has committed. */
  readonly attached: boolean;
}

export interface ServiceSnapshot extends Readonly<Omit<ServiceState, 'loadedUnitFile'>> {
  readonly unitFileExists: boolean;
}

export interface MachineSnapshot {
  readonly packages: ReadonlyMap<string, string>;
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly owners: ReadonlyMap<string, FileOwner>;
  readonly services: readonly ServiceSnapshot[];
}

export function storageSnapshots(units: readonly UnitState[]): StorageSnapshot[] {
  return units.flatMap((unit) =>
    [...unit.storage.values()].map((a) => ({
      id: a.id,
      unit: unit.name,
      name: a.name,
      kind: a.kind,
      location: a.location,
      hostPath: hostPath(unit, a.location),
      life: a.life,
      attached: a.attached,
    })),
  );
}

/** The fake systemd's view of a service on a unit, or undefined when it was never loaded. */
export function serviceSnapshot(unit: UnitState, name: string): ServiceSnapshot | undefined {
  const service = unit.machineState.services.get(serviceName(name));
  if (!service) return undefined;
  const { loadedUnitFile: _loaded, ...rest } = service;
  return { ...rest, unitFileExists: existsSync(join(unit.rootfs, 'etc/systemd/system', `${service.name}.service`)) };
}

export function machineSnapshot(unit: UnitState): MachineSnapshot {
  const m = unit.machineState;
  return {
    packages: new Map(m.packages),
    users: [...m.users.keys()],
    groups: [...m.groups.keys()],
    owners: new Map(m.owners),
    services: [...m.services.keys()].map((s) => serviceSnapshot(unit, s) as ServiceSnapshot),
  };
}

/** What `journalctl -u NAME --no-pager` prints on the unit, line by line. */
export function journalLines(unit: UnitState, name: string): string[] {
  const host = unit.name.replace('/', '-');
  return (unit.machineState.journal.get(serviceName(name)) ?? []).map((line) => `${host} ${line}`);
}
