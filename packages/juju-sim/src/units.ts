// A new unit: its directories, machine and address, its storage, and the hooks Juju queues for it
// (storage-attached, install, relation-created, leader, config-changed, start, then the joins).
import { mkdirSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppState, UnitState } from './model-state';
import type { ModelStore } from './model-store';
import type { ModelParts } from './model-parts';
import { provisionStorage } from './storage';
import { entersRelation } from './subordinates';
import type { UnitMachine } from './unit-machine';

/** Units of an application that are alive (not dying, not removed). */
export function aliveUnits(store: ModelStore, app: string): UnitState[] {
  return store.unitsOf(app).filter((u) => u.life === 'alive');
}

/** Recording mode: each unit has a loopback address of its own. */
function nextAddress(store: ModelStore): string {
  const k = store.nextAddress++ - 1;
  return `127.0.${1 + Math.floor(k / 254)}.${(k % 254) + 1}`;
}

/** A new unit; a subordinate one (with `principal`) lives on its principal's machine. */
export async function addUnitTo(parts: ModelParts, app: AppState, principal?: UnitState): Promise<string> {
  const { store, lifecycle } = parts;
  const number = app.nextUnitNumber++;
  const name = `${app.name}/${number}`;
  const dir = join(store.dir, 'units', `${app.name}-${number}`);
  const charmDir = join(dir, 'charm');
  const rootfs = principal?.rootfs ?? join(dir, 'rootfs');
  await cp(app.charmDir, charmDir, { recursive: true, verbatimSymlinks: true });
  for (const sub of ['etc/systemd/system', 'opt', 'srv', 'var/lib', 'var/log', 'tmp']) mkdirSync(join(rootfs, sub), { recursive: true });
  const machine = principal ? undefined : parts.machines.provision(name, rootfs);
  const unit: UnitState = {
    name,
    app: app.name,
    number,
    dir,
    charmDir,
    rootfs,
    address: principal?.address ?? machine?.network?.address ?? nextAddress(store),
    machine: principal?.machine ?? store.nextMachine++,
    ...(principal ? { principal: principal.name } : {}),
    life: 'alive',
    workload: { status: 'waiting', message: 'agent initialising' },
    statusSetByCharm: false,
    statusHistory: [],
    error: undefined,
    ports: new Map(),
    charmState: {},
    queue: [],
    actionQueue: [],
    running: undefined,
    relations: new Set(),
    joined: new Map(),
    machineState: principal?.machineState ?? (machine as UnitMachine).state,
    storage: new Map(),
  };
  // Storage is provisioned with the unit; its storage-attached hooks run before install (Juju on machines).
  for (const [storageName, count] of app.storage) {
    const meta = app.meta.storage.get(storageName);
    if (!meta || count === 0) continue;
    for (const attachment of provisionStorage(unit, meta, count, parts.storageIds)) lifecycle.storageHook(unit, attachment, 'attached');
  }
  store.units.set(name, unit);
  app.units.push(name);
  store.setWorkloadStatus(unit, unit.workload);
  if (app.leader === undefined) app.leader = name;
  const relations = store.relationsOf(app.name).filter((r) => r.life === 'alive' && entersRelation(store, unit, r));
  lifecycle.hook(unit, 'install');
  for (const relation of relations) lifecycle.relationCreated(relation, unit);
  lifecycle.hook(unit, app.leader === name ? 'leader-elected' : 'leader-settings-changed');
  lifecycle.hook(unit, 'config-changed');
  lifecycle.hook(unit, 'start');
  for (const relation of relations) {
    for (const remote of lifecycle.counterparts(relation, unit)) {
      lifecycle.joined(relation, unit, remote);
      lifecycle.joined(relation, remote, unit);
    }
  }
  return name;
}
