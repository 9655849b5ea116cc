// Application-level changes: deploy, attach-resource, upgrade-charm and config, with the hooks each queues.
import { existsSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadCharmMeta, type CharmMeta, type ConfigValue } from './charm-meta';
import { charmDirectory } from './charm-source';
import { configDefaults, validateConfig, type ConfigInput } from './config';
import { CharmError, ModelError } from './errors';
import type { AppState } from './model-state';
import type { ModelParts } from './model-parts';
import { createRelation } from './relations';
import { storageDirectives } from './storage';
import { deployUnitCount } from './subordinates';
import { addUnitTo, aliveUnits } from './units';

export interface DeployOptions {
  /** Application name; default the charm's name. */
  readonly name?: string;
  readonly units?: number;
  readonly config?: Readonly<Record<string, ConfigInput>>;
  /** Resource name -> file on the host. */
  readonly resources?: Readonly<Record<string, string>>;
  /**
   * Storage name -> instances per unit (`juju deploy --storage NAME=COUNT`), within the charm's range;
   * required stores not named get their minimum. Each unit's storage-attached hooks run before install.
   */
  readonly storage?: Readonly<Record<string, number>>;
}

const APP_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;

/** `juju deploy`: `charm` is an unpacked charm directory or a packed `.charm` file. */
export async function deploy(parts: ModelParts, charm: string, options: DeployOptions): Promise<void> {
  const { store } = parts;
  const dir = await charmDirectory(charm, store.dir);
  const meta = loadCharmMeta(dir);
  const name = options.name ?? meta.name;
  if (!APP_NAME.test(name)) throw new ModelError(`invalid application name "${name}"`);
  if (store.apps.has(name)) throw new ModelError(`application "${name}" already exists`);
  const units = deployUnitCount(meta, options.units);
  if (!Number.isInteger(units) || units < 0) throw new ModelError(`invalid unit count ${units}`);
  const config = new Map<string, ConfigValue>();
  for (const [k, v] of validateConfig(name, meta, options.config ?? {})) if (v !== null) config.set(k, v);
  const app: AppState = {
    name,
    charmDir: dir,
    meta,
    charmRevision: 0,
    defaults: configDefaults(name, meta),
    config,
    leader: undefined,
    nextUnitNumber: 0,
    units: [],
    leaderData: {},
    status: undefined,
    version: '',
    resources: checkResources(name, meta, options.resources ?? {}),
    storage: storageDirectives(name, meta, options.storage ?? {}),
  };
  store.apps.set(name, app);
  for (const endpoint of meta.endpoints.values()) {
    if (endpoint.role === 'peers') createRelation(parts, [{ app: name, endpoint }]);
  }
  for (let i = 0; i < units; i++) await addUnitTo(parts, app);
}

function checkResources(app: string, meta: CharmMeta, resources: Readonly<Record<string, string>>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [name, path] of Object.entries(resources)) {
    if (!meta.resources.has(name)) throw new ModelError(`charm ${meta.name} of ${app} has no resource "${name}"`);
    const absolute = resolve(path);
    if (!existsSync(absolute) || !statSync(absolute).isFile()) throw new ModelError(`resource "${name}": no file at ${absolute}`);
    result.set(name, absolute);
  }
  return result;
}

/** Replaces a resource file, as `juju attach-resource`; units get upgrade-charm. */
export function attachResource(parts: ModelParts, app: string, name: string, path: string): void {
  const state = parts.store.app(app);
  for (const [k, v] of checkResources(app, state.meta, { [name]: path })) state.resources.set(k, v);
  for (const unit of aliveUnits(parts.store, app)) parts.lifecycle.queueCoalesced(unit, { kind: 'hook', name: 'upgrade-charm' });
}

/** Re-reads the charm (optionally from a new directory), copies it over each unit's charm dir, queues upgrade-charm. */
export async function upgradeCharm(parts: ModelParts, app: string, charmDir: string | undefined): Promise<void> {
  const { store, lifecycle } = parts;
  const state = store.app(app);
  const dir = charmDir === undefined ? state.charmDir : await charmDirectory(charmDir, store.dir);
  const meta = loadCharmMeta(dir);
  if (meta.name !== state.meta.name) throw new CharmError(`cannot upgrade ${app} from charm ${state.meta.name} to ${meta.name}`);
  state.charmDir = dir;
  state.meta = meta;
  state.charmRevision++;
  state.defaults.clear();
  for (const [k, v] of configDefaults(app, meta)) state.defaults.set(k, v);
  for (const key of [...state.config.keys()]) if (!meta.config.has(key)) state.config.delete(key);
  for (const unit of aliveUnits(store, app)) {
    await cp(dir, unit.charmDir, { recursive: true, force: true, verbatimSymlinks: true });
    lifecycle.hook(unit, 'upgrade-charm');
    lifecycle.queueCoalesced(unit, { kind: 'hook', name: 'config-changed' });
  }
}

/** `juju config`: values are type-checked; null resets to the default; config-changed only on a real change. */
export function changeConfig(parts: ModelParts, app: string, values: Readonly<Record<string, ConfigInput>>): void {
  const { store } = parts;
  const state = store.app(app);
  const before = JSON.stringify(store.config(app));
  for (const [k, v] of validateConfig(app, state.meta, values)) {
    if (v === null) state.config.delete(k);
    else state.config.set(k, v);
  }
  if (JSON.stringify(store.config(app)) === before) return;
  for (const unit of aliveUnits(store, app)) parts.lifecycle.queueCoalesced(unit, { kind: 'hook', name: 'config-changed' });
}
