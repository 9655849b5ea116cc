// The embedded Juju model: the typed API tests and the demo drive.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCharmMeta, type ActionMeta, type CharmMeta, type ConfigValue } from './charm-meta';
import { installClient, type ClientChoice, type ClientKind } from './client-install';
import { commitHook } from './commit';
import { configDefaults, validateConfig, type ConfigInput } from './config';
import { CharmError, HookStormError, ModelError, NotFoundError } from './errors';
import { Faults } from './faults';
import { HookContext } from './hook-context';
import { describeEvent, type HookEvent } from './hook-event';
import { killGroup, startHookProcess } from './hook-runner';
import { HOOK_TOOLS } from './hook-tools/registry';
import { CommandError, errorResult, type ToolResult } from './hook-tools/tool-result';
import { Lifecycle } from './lifecycle';
import { serviceName, type FileOwner, type ServiceState } from './machine/machine-state';
import { MACHINE_COMMANDS } from './machine/registry';
import { FakeMetricsServer, type MetricsFeed, type MetricsUnit } from './machine/fake-metrics';
import { ModelStore } from './model-store';
import { realMachinesAvailableSync } from './real-machine/availability';
import { onProcessExit } from './real-machine/exit-cleanup';
import { ModelNetwork } from './real-machine/model-network';
import { UnitMachine, type ExecResult } from './unit-machine';
import { isPeer, type AppState, type LogRecord, type RelationEndpoint, type RelationState, type StorageAttachment, type UnitState } from './model-state';
import type { ActionResult, HookRun, SettleResult, ToolCall } from './records';
import { modelStatus, type ModelStatus } from './status';
import { checkDetachable, findAttachment, hostPath, provisionStorage, releaseStorage, storageDirectives, StorageIds } from './storage';
import { checkNewRelation, deployUnitCount, entersRelation, orphanedBy, refuseAddUnit, refuseRemoveUnit, subordinateToCreate, subordinatesOf } from './subordinates';
import { charmDirectory } from './charm-source';
import { ToolServer } from './tool-server';
import type { ToolRequest } from './wire';

export interface ModelOptions {
  readonly name?: string;
  /** Where unit directories live; default: a new temporary directory, removed by destroy(). */
  readonly dir?: string;
  /** Units whose hooks may run at the same time (each unit's own hooks always run one at a time). Default 2. */
  readonly concurrency?: number;
  /** settle() fails with HookStormError after this many hooks. Default 2000. */
  readonly maxHooksPerSettle?: number;
  /** Hook-tool client: compiled C (fast), bash, or auto (C when `cc` works). Default auto. */
  readonly client?: ClientChoice;
  /** Extra environment for every hook. */
  readonly env?: Readonly<Record<string, string>>;
  /** A hook running longer is killed and fails. Default 120 s. */
  readonly hookTimeoutMs?: number;
  /** JUJU_VERSION given to the charms. Default 3.6.0. */
  readonly jujuVersion?: string;
  /**
   * 'real': each unit is a network namespace whose services really run (needs root, `ip netns`, overlayfs,
   * setpriv; otherwise a note on stderr and recording mode). Default 'recording': systemctl only records.
   */
  readonly machines?: 'real' | 'recording';
}

let fallbackNoted = false;

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

const APP_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;

export class Model {
  readonly hookRuns: HookRun[] = [];
  readonly toolCalls: ToolCall[] = [];
  readonly faults = new Faults();
  private readonly store: ModelStore;
  private readonly lifecycle: Lifecycle;
  private readonly contexts = new Map<string, HookContext>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly actionResults = new Map<string, ActionResult>();
  private readonly storageIds = new StorageIds();
  private contextCounter = 0;
  private actionCounter = 0;
  private destroyed = false;
  private readonly unitMachines = new Map<string, UnitMachine>();
  private readonly teardowns: Promise<void>[] = [];
  private readonly forgetExitCleanup: () => void;
  /** Recording mode: what each unit's (absent) Flume reports on its metrics port; see machine/fake-metrics.ts. */
  private readonly metricsFeeds = new Map<string, MetricsFeed>();
  private readonly metricsServer = new FakeMetricsServer((key) => this.metricsUnit(key));

  private constructor(
    private readonly server: ToolServer,
    private readonly binDir: string,
    readonly clientKind: ClientKind,
    private readonly options: ModelOptions,
    store: ModelStore,
    private readonly ownsDir: boolean,
    /** Real-machine mode only. */
    private readonly network: ModelNetwork | undefined,
  ) {
    this.store = store;
    this.lifecycle = new Lifecycle(store);
    this.forgetExitCleanup = network ? onProcessExit(() => this.destroySync()) : () => undefined;
  }

  static async create(options: ModelOptions = {}): Promise<Model> {
    const ownsDir = options.dir === undefined;
    const dir = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'juju-sim-'));
    mkdirSync(dir, { recursive: true });
    let model: Model | undefined;
    const server = new ToolServer((request) => model?.handleRequest(request) ?? { code: 1, stdout: '', stderr: 'ERROR juju-sim: model not ready\n' });
    let network: ModelNetwork | undefined;
    if (options.machines === 'real') {
      const available = realMachinesAvailableSync();
      if (available.ok) network = ModelNetwork.create(ownsDir ? dir : undefined);
      else if (!fallbackNoted) {
        fallbackNoted = true;
        process.stderr.write(`juju-sim: real machines are not available here (${available.reason}); units run in recording mode\n`);
      }
    }
    const binDir = join(dir, 'bin');
    const names = [...HOOK_TOOLS.keys(), ...MACHINE_COMMANDS.keys()];
    let clientKind: ClientKind;
    try {
      await server.listen(network?.hostAddress);
      clientKind = await installClient(binDir, server.address, names, options.client ?? 'auto');
    } catch (error) {
      await server.close();
      network?.destroy();
      if (ownsDir) await rm(dir, { recursive: true, force: true });
      throw error;
    }
    const store = new ModelStore(options.name ?? 'sim', randomUUID(), dir);
    model = new Model(server, binDir, clientKind, options, store, ownsDir, network);
    await model.metricsServer.listen();
    return model;
  }

  get name(): string {
    return this.store.name;
  }

  get uuid(): string {
    return this.store.uuid;
  }

  get dir(): string {
    return this.store.dir;
  }

  /** The directory of hook tools and machine-command fakes that hooks get first on PATH. */
  get toolsDir(): string {
    return this.binDir;
  }

  get toolAddress(): string {
    return this.server.address;
  }

  /** Which machines the units have: 'real' only when asked for and available. */
  get machineMode(): 'real' | 'recording' {
    return this.network ? 'real' : 'recording';
  }

  get jujuVersion(): string {
    return this.options.jujuVersion ?? '3.6.0';
  }

  /** juju-log records. */
  get logs(): readonly LogRecord[] {
    return this.store.logs;
  }

  // ---- Model changes -------------------------------------------------------------------------------

  /** `juju deploy`: `charm` is an unpacked charm directory or a packed `.charm` file. */
  async deploy(charm: string, options: DeployOptions = {}): Promise<void> {
    const dir = await charmDirectory(charm, this.store.dir);
    const meta = loadCharmMeta(dir);
    const name = options.name ?? meta.name;
    if (!APP_NAME.test(name)) throw new ModelError(`invalid application name "${name}"`);
    if (this.store.apps.has(name)) throw new ModelError(`application "${name}" already exists`);
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
      resources: this.checkResources(name, meta, options.resources ?? {}),
      storage: storageDirectives(name, meta, options.storage ?? {}),
    };
    this.store.apps.set(name, app);
    for (const endpoint of meta.endpoints.values()) {
      if (endpoint.role === 'peers') this.createRelation([{ app: name, endpoint }]);
    }
    for (let i = 0; i < units; i++) await this.addUnitTo(app);
  }

  private checkResources(app: string, meta: CharmMeta, resources: Readonly<Record<string, string>>): Map<string, string> {
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
  attachResource(app: string, name: string, path: string): void {
    const state = this.store.app(app);
    for (const [k, v] of this.checkResources(app, state.meta, { [name]: path })) state.resources.set(k, v);
    for (const unit of this.aliveUnits(app)) this.lifecycle.queueCoalesced(unit, { kind: 'hook', name: 'upgrade-charm' });
  }

  /** `juju add-storage UNIT NAME=COUNT`: provisions and mounts the storage now; storage-attached runs next. */
  addStorage(unitName: string, name: string, count = 1): string[] {
    const unit = this.store.unit(unitName);
    if (unit.life !== 'alive') throw new ModelError(`cannot add storage to ${unitName}: the unit is ${unit.life}`);
    const store = this.store.app(unit.app).meta.storage.get(name);
    if (!store) throw new NotFoundError(`charm ${this.store.app(unit.app).meta.name} has no store called "${name}"`);
    if (!Number.isInteger(count) || count < 1) throw new ModelError(`invalid storage count ${count}`);
    const attachments = provisionStorage(unit, store, count, this.storageIds);
    for (const attachment of attachments) this.lifecycle.storageHook(unit, attachment, 'attached');
    return attachments.map((a) => a.id);
  }

  /** `juju detach-storage ID`: storage-detaching runs next; once it commits, the storage is unmounted. */
  detachStorage(storageId: string): void {
    const { unit, attachment } = findAttachment(this.store.units.values(), storageId);
    if (unit.life !== 'alive') throw new ModelError(`cannot detach ${storageId}: unit ${unit.name} is being removed`);
    if (attachment.life !== 'alive') throw new ModelError(`storage ${storageId} is already being detached`);
    const store = this.store.app(unit.app).meta.storage.get(attachment.name);
    if (store) checkDetachable(unit, store, attachment);
    this.detach(unit, attachment);
  }

  /** Storage never announced to the charm is dropped without hooks (Juju's short-circuit removal). */
  private detach(unit: UnitState, attachment: StorageAttachment): void {
    const attachedHook = unit.queue.findIndex((e) => e.storageId === attachment.id && e.name.endsWith('-storage-attached'));
    const event = unit.queue[attachedHook];
    if (!attachment.attached && event && event !== unit.running && event !== unit.error?.event) {
      unit.queue.splice(attachedHook, 1);
      releaseStorage(unit, attachment);
      return;
    }
    attachment.life = 'dying';
    this.lifecycle.storageHook(unit, attachment, 'detaching');
  }

  /** The storage attached to a unit (or to every unit), by id. */
  storage(unitName?: string): StorageSnapshot[] {
    const units = unitName ? [this.store.unit(unitName)] : [...this.store.units.values()].filter((u) => u.life !== 'dead');
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

  async addUnit(app: string, count = 1): Promise<string[]> {
    const state = this.store.app(app);
    refuseAddUnit(state);
    const names: string[] = [];
    for (let i = 0; i < count; i++) names.push(await this.addUnitTo(state));
    return names;
  }

  private nextAddress(): string {
    const k = this.store.nextAddress++ - 1;
    return `127.0.${1 + Math.floor(k / 254)}.${(k % 254) + 1}`;
  }

  /** A new unit; a subordinate one (with `principal`) lives on its principal's machine. */
  private async addUnitTo(app: AppState, principal?: UnitState): Promise<string> {
    const number = app.nextUnitNumber++;
    const name = `${app.name}/${number}`;
    const dir = join(this.store.dir, 'units', `${app.name}-${number}`);
    const charmDir = join(dir, 'charm');
    const rootfs = principal?.rootfs ?? join(dir, 'rootfs');
    await cp(app.charmDir, charmDir, { recursive: true, verbatimSymlinks: true });
    for (const sub of ['etc/systemd/system', 'opt', 'srv', 'var/lib', 'var/log', 'tmp']) mkdirSync(join(rootfs, sub), { recursive: true });
    const machine = principal ? undefined : new UnitMachine(rootfs, this.network?.addUnit(name));
    if (machine) this.unitMachines.set(name, machine);
    const unit: UnitState = {
      name,
      app: app.name,
      number,
      dir,
      charmDir,
      rootfs,
      address: principal?.address ?? machine?.network?.address ?? this.nextAddress(),
      machine: principal?.machine ?? this.store.nextMachine++,
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
      const store = app.meta.storage.get(storageName);
      if (!store || count === 0) continue;
      for (const attachment of provisionStorage(unit, store, count, this.storageIds)) this.lifecycle.storageHook(unit, attachment, 'attached');
    }
    this.store.units.set(name, unit);
    app.units.push(name);
    this.store.setWorkloadStatus(unit, unit.workload);
    if (app.leader === undefined) app.leader = name;
    const relations = this.store.relationsOf(app.name).filter((r) => r.life === 'alive' && entersRelation(this.store, unit, r));
    this.lifecycle.hook(unit, 'install');
    for (const relation of relations) this.lifecycle.relationCreated(relation, unit);
    this.lifecycle.hook(unit, app.leader === name ? 'leader-elected' : 'leader-settings-changed');
    this.lifecycle.hook(unit, 'config-changed');
    this.lifecycle.hook(unit, 'start');
    for (const relation of relations) {
      for (const remote of this.lifecycle.counterparts(relation, unit)) {
        this.lifecycle.joined(relation, unit, remote);
        this.lifecycle.joined(relation, remote, unit);
      }
    }
    return name;
  }

  /** Relates two endpoints ("app:endpoint", or "app" when one endpoint fits); returns the relation id. */
  relate(a: string, b: string): number {
    const [first, second] = this.matchEndpoints(a, b);
    const [provider, requirer] = first.endpoint.role === 'provides' ? [first, second] : [second, first];
    for (const r of this.store.relations.values()) {
      if (r.endpoints.length === 2 && r.endpoints.every((e, i) => e.app === [provider, requirer][i]?.app && e.endpoint.name === [provider, requirer][i]?.endpoint.name)) {
        throw new ModelError(`relation ${requirer.app}:${requirer.endpoint.name} ${provider.app}:${provider.endpoint.name} already exists`);
      }
    }
    checkNewRelation(provider, requirer, this.store);
    return this.createRelation([provider, requirer]).id;
  }

  private parseEndpointRef(ref: string): { app: AppState; endpoint?: string } {
    const [appName, endpoint] = ref.split(':', 2) as [string, string | undefined];
    return { app: this.store.app(appName), ...(endpoint ? { endpoint } : {}) };
  }

  private matchEndpoints(a: string, b: string): [RelationEndpoint, RelationEndpoint] {
    const left = this.parseEndpointRef(a);
    const right = this.parseEndpointRef(b);
    const candidates = (side: typeof left): RelationEndpoint[] => {
      const all = [...side.app.meta.endpoints.values()].filter((e) => e.role !== 'peers');
      const chosen = side.endpoint === undefined ? all : all.filter((e) => e.name === side.endpoint);
      if (side.endpoint !== undefined && chosen.length === 0) throw new NotFoundError(`application "${side.app.name}" has no endpoint "${side.endpoint}"`);
      return chosen.map((endpoint) => ({ app: side.app.name, endpoint }));
    };
    const pairs: Array<[RelationEndpoint, RelationEndpoint]> = [];
    for (const l of candidates(left)) {
      for (const r of candidates(right)) {
        const roles = new Set([l.endpoint.role, r.endpoint.role]);
        if (l.endpoint.interface === r.endpoint.interface && roles.has('provides') && roles.has('requires')) pairs.push([l, r]);
      }
    }
    if (pairs.length === 0) throw new ModelError(`no relations found between ${a} and ${b}`);
    if (pairs.length > 1) throw new ModelError(`ambiguous relation: ${a} ${b} could refer to ${pairs.map(([l, r]) => `"${l.app}:${l.endpoint.name} ${r.app}:${r.endpoint.name}"`).join(', ')}`);
    return pairs[0] as [RelationEndpoint, RelationEndpoint];
  }

  private createRelation(endpoints: RelationEndpoint[]): RelationState {
    const relation: RelationState = { id: this.store.nextRelationId++, endpoints, life: 'alive', unitData: new Map(), appData: new Map() };
    this.store.relations.set(relation.id, relation);
    const sides = [...new Set(endpoints.map((e) => e.app))];
    const units = sides.flatMap((app) => this.aliveUnits(app));
    for (const unit of units) this.lifecycle.relationCreated(relation, unit);
    for (const unit of units) {
      for (const remote of this.lifecycle.counterparts(relation, unit)) this.lifecycle.joined(relation, unit, remote);
    }
    return relation;
  }

  private aliveUnits(app: string): UnitState[] {
    return this.store.unitsOf(app).filter((u) => u.life === 'alive');
  }

  /** Changes config like `juju config`: values are type-checked; null resets to the default. */
  config(app: string, values: Readonly<Record<string, ConfigInput>>): void {
    const state = this.store.app(app);
    const before = JSON.stringify(this.store.config(app));
    for (const [k, v] of validateConfig(app, state.meta, values)) {
      if (v === null) state.config.delete(k);
      else state.config.set(k, v);
    }
    if (JSON.stringify(this.store.config(app)) === before) return;
    for (const unit of this.aliveUnits(app)) this.lifecycle.queueCoalesced(unit, { kind: 'hook', name: 'config-changed' });
  }

  /** The application's effective config: every option, null when unset without default. */
  configOf(app: string): Record<string, ConfigValue | null> {
    return this.store.config(app);
  }

  removeUnit(unitName: string): void {
    const unit = this.store.unit(unitName);
    refuseRemoveUnit(unit);
    if (unit.life !== 'alive') throw new ModelError(`unit ${unitName} is already being removed`);
    this.retireUnit(unit);
  }

  /** The dying unit's hooks: storage detaching, departures, stop, remove; its subordinates go with it. */
  private retireUnit(unit: UnitState): void {
    for (const sub of subordinatesOf(this.store, unit)) this.retireUnit(sub);
    unit.life = 'dying';
    // Juju's storage resolver runs before the relations one: storage-detaching comes first, then the rest.
    for (const attachment of unit.storage.values()) if (attachment.life === 'alive') this.detach(unit, attachment);
    for (const id of this.enteredRelations(unit)) {
      const relation = this.store.relation(id);
      for (const other of this.lifecycle.participants(relation)) {
        if (other.name !== unit.name && other.life !== 'dead') this.lifecycle.depart(relation, other, unit.name, unit.name);
      }
      for (const remote of this.remotesOf(unit, relation)) this.lifecycle.depart(relation, unit, remote, unit.name);
      this.lifecycle.broken(relation, unit);
    }
    this.lifecycle.hook(unit, 'stop');
    this.lifecycle.hook(unit, 'remove');
    const app = this.store.app(unit.app);
    if (app.leader === unit.name) {
      const next = this.aliveUnits(app.name)[0];
      app.leader = next?.name;
      if (next) this.lifecycle.hook(next, 'leader-elected');
    }
  }

  /** Relations the unit has entered or is about to enter (relation-created queued). */
  private enteredRelations(unit: UnitState): number[] {
    const ids = new Set(unit.relations);
    for (const e of unit.queue) if (e.relationId !== undefined && e.name.endsWith('-relation-created')) ids.add(e.relationId);
    return [...ids].filter((id) => this.store.relations.has(id));
  }

  /** Remote units the unit has joined or has a joined hook queued for. */
  private remotesOf(unit: UnitState, relation: RelationState): string[] {
    const names = new Set(unit.joined.get(relation.id) ?? []);
    for (const e of unit.queue) if (e.relationId === relation.id && e.remoteUnit && e.name.endsWith('-relation-joined')) names.add(e.remoteUnit);
    return [...names];
  }

  /** Removes a relation by id or by its endpoints ("a:ep b:ep", either order). */
  removeRelation(ref: number | string): void {
    const relation = this.findRelation(ref);
    if (isPeer(relation)) throw new ModelError(`cannot remove peer relation ${relation.id}`);
    if (relation.life !== 'alive') throw new ModelError(`relation ${relation.id} is already being removed`);
    relation.life = 'dying';
    for (const unit of this.lifecycle.participants(relation)) {
      if (!this.enteredRelations(unit).includes(relation.id)) continue;
      for (const remote of this.remotesOf(unit, relation)) this.lifecycle.depart(relation, unit, remote, remote);
      this.lifecycle.broken(relation, unit);
    }
    for (const sub of orphanedBy(this.store, relation)) this.retireUnit(sub);
    this.dropRelationIfDone(relation);
  }

  private findRelation(ref: number | string): RelationState {
    if (typeof ref === 'number') return this.store.relation(ref);
    const wanted = ref.trim().split(/\s+/).sort().join(' ');
    for (const r of this.store.relations.values()) {
      const key = r.endpoints.map((e) => `${e.app}:${e.endpoint.name}`).sort().join(' ');
      if (key === wanted) return r;
    }
    throw new NotFoundError(`relation "${ref}" not found`);
  }

  /** Re-reads the charm (optionally from a new directory), copies it over each unit's charm dir, queues upgrade-charm. */
  async upgradeCharm(app: string, charmDir?: string): Promise<void> {
    const state = this.store.app(app);
    const dir = charmDir === undefined ? state.charmDir : await charmDirectory(charmDir, this.store.dir);
    const meta = loadCharmMeta(dir);
    if (meta.name !== state.meta.name) throw new CharmError(`cannot upgrade ${app} from charm ${state.meta.name} to ${meta.name}`);
    state.charmDir = dir;
    state.meta = meta;
    state.charmRevision++;
    state.defaults.clear();
    for (const [k, v] of configDefaults(app, meta)) state.defaults.set(k, v);
    for (const key of [...state.config.keys()]) if (!meta.config.has(key)) state.config.delete(key);
    for (const unit of this.aliveUnits(app)) {
      await cp(dir, unit.charmDir, { recursive: true, force: true, verbatimSymlinks: true });
      this.lifecycle.hook(unit, 'upgrade-charm');
      this.lifecycle.queueCoalesced(unit, { kind: 'hook', name: 'config-changed' });
    }
  }

  /** Queues update-status on every unit (or those of one application), as Juju's periodic timer does. */
  updateStatus(app?: string): void {
    const units = app ? this.aliveUnits(app) : [...this.store.units.values()].filter((u) => u.life === 'alive');
    for (const unit of units) this.lifecycle.queueCoalesced(unit, { kind: 'hook', name: 'update-status' });
  }

  /** `juju resolve`: retries the failed hook (default) or skips it, and lets the unit's queue go on. */
  resolve(unitName: string, options: { retry?: boolean } = {}): void {
    const unit = this.store.unit(unitName);
    if (!unit.error) throw new ModelError(`unit "${unitName}" is not in an error state`);
    if (options.retry === false) unit.queue.shift();
    unit.error = undefined;
  }

  /** Runs an action (`juju run unit action k=v`) and returns its result once it has finished. */
  async runAction(unitName: string, action: string, params: Readonly<Record<string, unknown>> = {}): Promise<ActionResult> {
    const unit = this.store.unit(unitName);
    if (unit.life === 'dead') throw new ModelError(`unit ${unitName} has been removed`);
    const meta = this.store.app(unit.app).meta.actions.get(action);
    if (!meta) throw new NotFoundError(`action "${action}" not defined by ${unit.app}`);
    const id = String(++this.actionCounter);
    const full = validateActionParams(meta, params);
    this.lifecycle.queue(unit, { kind: 'action', name: action, action: { name: action, id, params: full } });
    await this.runUntil(() => this.actionResults.has(id));
    const result = this.actionResults.get(id);
    if (!result) throw new ModelError(`action ${action} on ${unitName} did not run (the unit was removed?)`);
    return result;
  }

  // ---- Scheduler ------------------------------------------------------------------------------------

  /** Runs queued hooks until none can run: every queue empty, or stopped on a failed hook. */
  async settle(options: { maxHooks?: number } = {}): Promise<SettleResult> {
    const max = options.maxHooks ?? this.options.maxHooksPerSettle ?? 2000;
    const hooksRun = await this.runUntil(() => false, max);
    const errors = [...this.store.units.values()].filter((u) => u.error).map((u) => ({ unit: u.name, hook: u.error?.hook ?? '' }));
    return { hooksRun, errors };
  }

  private nextEvent(unit: UnitState, ignoreBlocks = false): HookEvent | undefined {
    if (unit.life === 'dead' || this.running.has(unit.name)) return undefined;
    if (unit.actionQueue.length) return unit.actionQueue[0];
    const head = unit.error ? undefined : unit.queue[0];
    if (head && !ignoreBlocks && this.waitsForCreated(head)) return undefined;
    return head;
  }

  /**
   * relation-joined waits until every unit in the relation has run relation-created: a remote unit enters the
   * relation's scope only after its relation-created hook, so nobody sees it join before that.
   */
  private waitsForCreated(event: HookEvent): boolean {
    if (event.relationId === undefined || !event.name.endsWith('-relation-joined')) return false;
    const relation = this.store.relations.get(event.relationId);
    if (!relation) return false;
    return this.lifecycle
      .participants(relation)
      .some((u) => u.queue.some((e) => e.relationId === relation.id && e.name.endsWith('-relation-created')));
  }

  private async runUntil(done: () => boolean, maxHooks = this.options.maxHooksPerSettle ?? 2000): Promise<number> {
    if (this.destroyed) throw new ModelError('the model has been destroyed');
    const concurrency = Math.max(1, this.options.concurrency ?? 2);
    const counts = new Map<string, number>();
    let started = 0;
    for (;;) {
      while (!done() && this.running.size < concurrency) {
        const pick = (ignoreBlocks: boolean): { unit: UnitState; event: HookEvent } | undefined =>
          [...this.store.units.values()]
            .map((unit) => ({ unit, event: this.nextEvent(unit, ignoreBlocks) }))
            .filter((c): c is { unit: UnitState; event: HookEvent } => c.event !== undefined)
            .sort((a, b) => a.event.seq - b.event.seq)[0];
        // A joined hook blocked by a created hook that can never run (its unit is in error) runs anyway.
        const next = pick(false) ?? (this.running.size === 0 ? pick(true) : undefined);
        if (!next) break;
        if (started >= maxHooks) break;
        started++;
        const key = `${next.unit.name} ${next.event.name}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        const run = this.runEvent(next.unit, next.event).finally(() => this.running.delete(next.unit.name));
        this.running.set(next.unit.name, run);
      }
      if (this.running.size === 0) break;
      await Promise.race(this.running.values());
    }
    const pendingWork = [...this.store.units.values()].some((u) => this.nextEvent(u, true) !== undefined);
    if (started >= maxHooks && pendingWork && !done()) {
      const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
      const top = sorted.slice(0, 5).map(([k, n]) => `${k} x${n}`).join(', ');
      throw new HookStormError(`hook storm: more than ${maxHooks} hooks without settling (most frequent: ${top})`, sorted);
    }
    return started;
  }

  private hookEnv(unit: UnitState, event: HookEvent, contextId: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: `${this.binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      HOME: process.env['HOME'] ?? '/root',
      LANG: process.env['LANG'] ?? 'C.UTF-8',
      ...(process.env['TMPDIR'] ? { TMPDIR: process.env['TMPDIR'] } : {}),
      ...this.options.env,
      JUJU_UNIT_NAME: unit.name,
      JUJU_CHARM_DIR: unit.charmDir,
      CHARM_DIR: unit.charmDir,
      JUJU_MODEL_NAME: this.store.name,
      JUJU_MODEL_UUID: this.store.uuid,
      JUJU_VERSION: this.jujuVersion,
      JUJU_CONTEXT_ID: contextId,
      JUJU_AGENT_SOCKET_ADDRESS: this.server.address,
      JUJU_AGENT_SOCKET_NETWORK: 'tcp',
      JUJU_MACHINE_ID: String(unit.machine),
      JUJU_PRINCIPAL_UNIT: unit.principal ?? '',
      CHARM_ROOTFS: unit.rootfs,
    };
    // Recording mode runs no Flume: the simulator answers for its metrics. With a real service runner, Flume does.
    if ((unit.machineState as { runner?: unknown }).runner === undefined) {
      env['CHARM_METRICS_URL'] = this.metricsServer.urlFor(unitKey(unit.name));
    }
    if (event.storageId) env['JUJU_STORAGE_ID'] = event.storageId;
    if (event.kind === 'action' && event.action) {
      env['JUJU_DISPATCH_PATH'] = `actions/${event.name}`;
      env['JUJU_ACTION_NAME'] = event.name;
      env['JUJU_ACTION_UUID'] = event.action.id;
    } else {
      env['JUJU_DISPATCH_PATH'] = `hooks/${event.name}`;
      env['JUJU_HOOK_NAME'] = event.name;
    }
    if (event.relationId !== undefined) {
      env['JUJU_RELATION'] = event.relationName;
      env['JUJU_RELATION_ID'] = `${event.relationName}:${event.relationId}`;
      if (event.remoteApp) env['JUJU_REMOTE_APP'] = event.remoteApp;
      if (event.remoteUnit) env['JUJU_REMOTE_UNIT'] = event.remoteUnit;
      if (event.departingUnit) env['JUJU_DEPARTING_UNIT'] = event.departingUnit;
    }
    return env;
  }

  /** What changes in the unit's view when a hook starts (Juju updates relation membership before the hook). */
  private beforeHook(unit: UnitState, event: HookEvent): void {
    if (event.relationId !== undefined) {
      if (event.name.endsWith('-relation-created')) {
        unit.relations.add(event.relationId);
        if (!unit.joined.has(event.relationId)) unit.joined.set(event.relationId, new Set());
      } else if (event.name.endsWith('-relation-joined') && event.remoteUnit) unit.joined.get(event.relationId)?.add(event.remoteUnit);
      else if (event.name.endsWith('-relation-departed') && event.remoteUnit) unit.joined.get(event.relationId)?.delete(event.remoteUnit);
    }
    if (event.name === 'install' && !unit.statusSetByCharm) this.store.setWorkloadStatus(unit, { status: 'maintenance', message: 'installing charm software' });
    if (event.name === 'stop' && !unit.statusSetByCharm) this.store.setWorkloadStatus(unit, { status: 'maintenance', message: 'stopping charm software' });
  }

  private afterSuccess(unit: UnitState, event: HookEvent): void {
    const attachment = event.storageId ? unit.storage.get(event.storageId) : undefined;
    if (attachment && event.name.endsWith('-storage-attached')) attachment.attached = true;
    if (attachment && event.name.endsWith('-storage-detaching')) releaseStorage(unit, attachment);
    if (event.name === 'install' && !unit.statusSetByCharm) this.store.setWorkloadStatus(unit, { status: 'unknown', message: '' });
    if (event.relationId !== undefined && event.name.endsWith('-relation-broken')) {
      unit.relations.delete(event.relationId);
      unit.joined.delete(event.relationId);
      const relation = this.store.relations.get(event.relationId);
      if (relation) this.dropRelationIfDone(relation);
    }
    if (event.name === 'remove') {
      unit.life = 'dead';
      // The machine goes with its last unit: services stopped, namespace deleted.
      this.teardowns.push(this.teardownMachine(unit.name));
      const app = this.store.app(unit.app);
      app.units.splice(app.units.indexOf(unit.name), 1);
      unit.queue.length = 0;
      for (const relation of [...this.store.relations.values()]) this.dropRelationIfDone(relation);
    }
  }

  /** A dying relation disappears once no unit is left in it. */
  private dropRelationIfDone(relation: RelationState): void {
    if (relation.life !== 'dying') return;
    const inside = [...this.store.units.values()].some((u) => u.life !== 'dead' && (u.relations.has(relation.id) || u.queue.some((e) => e.relationId === relation.id)));
    if (!inside) this.store.relations.delete(relation.id);
  }

  private async runEvent(unit: UnitState, event: HookEvent): Promise<void> {
    const contextId = `${unit.name}-${event.name}-${++this.contextCounter}`;
    this.beforeHook(unit, event);
    const ctx = new HookContext(contextId, this.store, unit, event);
    this.contexts.set(contextId, ctx);
    unit.running = event;
    const started = performance.now();
    const dispatchPath = event.kind === 'action' ? `actions/${event.name}` : `hooks/${event.name}`;
    // A subordinate unit runs on its principal's machine (in real mode, inside its network namespace).
    const enter = this.unitMachines.get(unit.principal ?? unit.name)?.enterPrefix ?? [];
    const proc = startHookProcess(unit.charmDir, dispatchPath, this.hookEnv(unit, event, contextId), this.options.hookTimeoutMs ?? 120_000, enter);
    ctx.pid = proc.pid;
    const outcome = await proc.done;
    this.contexts.delete(contextId);
    unit.running = undefined;
    const success = outcome.exitCode === 0 && !ctx.killed && !outcome.timedOut;
    this.hookRuns.push({
      seq: this.hookRuns.length + 1,
      unit: unit.name,
      hook: event.name,
      kind: event.kind,
      ...(event.relationId !== undefined ? { relationId: event.relationId } : {}),
      ...(event.remoteUnit ? { remoteUnit: event.remoteUnit } : {}),
      ...(event.remoteApp ? { remoteApp: event.remoteApp } : {}),
      ...(event.departingUnit ? { departingUnit: event.departingUnit } : {}),
      ...(event.storageId ? { storageId: event.storageId } : {}),
      contextId,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      ran: outcome.ran,
      ok: success,
      durationMs: performance.now() - started,
      toolCalls: ctx.toolCalls,
      stdout: outcome.stdout,
      stderr: outcome.timedOut ? `${outcome.stderr}juju-sim: hook timed out\n` : outcome.stderr,
    });
    if (event.kind === 'action') {
      unit.actionQueue.shift();
      if (success) commitHook(ctx, this.lifecycle);
      const failure = ctx.action.failure ?? (success ? undefined : outcome.signal ? `signal: ${outcome.signal}` : `exit status ${outcome.exitCode}`);
      const id = event.action?.id ?? '';
      this.actionResults.set(id, {
        id,
        unit: unit.name,
        name: event.name,
        status: failure === undefined ? 'completed' : 'failed',
        results: ctx.action.results,
        ...(failure !== undefined ? { message: failure } : {}),
        log: ctx.action.log,
      });
      return;
    }
    if (!success) {
      unit.error = { hook: event.name, event };
      return;
    }
    unit.queue.shift();
    commitHook(ctx, this.lifecycle);
    this.afterSuccess(unit, event);
    await this.enterContainerScope(unit, event);
  }

  /** A principal unit that entered a container-scoped relation gets its subordinate unit (Juju's EnterScope). */
  private async enterContainerScope(unit: UnitState, event: HookEvent): Promise<void> {
    if (event.relationId === undefined || !event.name.endsWith('-relation-created')) return;
    const relation = this.store.relations.get(event.relationId);
    const app = relation ? subordinateToCreate(this.store, unit, relation) : undefined;
    if (app) await this.addUnitTo(app, unit);
  }

  // ---- Hook tools -----------------------------------------------------------------------------------

  private handleRequest(request: ToolRequest): ToolResult | undefined | Promise<ToolResult> {
    const ctx = this.contexts.get(request.contextId);
    if (!ctx) return { code: 1, stdout: '', stderr: `ERROR juju-sim: no running hook has context "${request.contextId}"\n` };
    ctx.toolCalls++;
    const started = performance.now();
    const record = (result: ToolResult | undefined, fault?: 'fail' | 'kill'): void => {
      this.toolCalls.push({
        unit: ctx.unit.name,
        hook: ctx.hookName,
        contextId: ctx.id,
        tool: request.tool,
        args: request.args,
        exitCode: result ? result.code : null,
        durationMs: performance.now() - started,
        ...(fault ? { fault } : {}),
      });
    };
    if (this.faults.takeKill(ctx)) {
      ctx.killed = true;
      killGroup(ctx.pid);
      record(undefined, 'kill');
      return undefined;
    }
    const hookTool = HOOK_TOOLS.get(request.tool);
    const machineCommand = MACHINE_COMMANDS.get(request.tool);
    const injected = this.faults.takeToolFault(ctx.unit.name, request.tool, hookTool !== undefined);
    if (injected) {
      record(injected, 'fail');
      return injected;
    }
    let result: ToolResult;
    if (hookTool) {
      try {
        result = hookTool({ ctx, args: request.args, stdin: request.stdin, cwd: request.cwd });
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        result = errorResult(error);
      }
    } else if (machineCommand) {
      const answer = machineCommand({ args: request.args, cwd: request.cwd, machine: ctx.unit.machineState, unit: ctx.unit.name });
      if (answer instanceof Promise) {
        return answer.then((r) => {
          record(r);
          return r;
        });
      }
      result = answer;
    } else {
      result = { code: 127, stdout: '', stderr: `juju-sim: ${request.tool}: command not served\n` };
    }
    record(result);
    return result;
  }

  // ---- Inspection -----------------------------------------------------------------------------------

  status(): ModelStatus {
    return modelStatus(this.store, this.jujuVersion);
  }

  /** The committed databag of a unit or application ("app") in a relation given by id or endpoints. */
  relationData(relation: number | string, unitOrApp: string): Record<string, string> {
    const r = this.findRelation(relation);
    const bag = unitOrApp.includes('/') ? r.unitData.get(unitOrApp) : r.appData.get(unitOrApp);
    return { ...(bag ?? {}) };
  }

  /** Relation ids, optionally only those of one application. */
  relationIds(app?: string): number[] {
    return [...this.store.relations.values()].filter((r) => !app || r.endpoints.some((e) => e.app === app)).map((r) => r.id);
  }

  /** Host path of a unit's file: absolute paths are the machine's (under CHARM_ROOTFS), relative ones the charm dir's. */
  unitPath(unitName: string, path: string): string {
    const unit = this.store.unit(unitName);
    return isAbsolute(path) ? join(unit.rootfs, path) : join(unit.charmDir, path);
  }

  /** Reads a unit's file (see unitPath); throws NotFoundError when it does not exist. */
  unitFile(unitName: string, path: string): string {
    const host = this.unitPath(unitName, path);
    if (!existsSync(host)) throw new NotFoundError(`${unitName}: no file ${path} (${host})`);
    return readFileSync(host, 'utf8');
  }

  /** The fake systemd's view of a service on a unit, or undefined when it was never loaded. */
  service(unitName: string, name: string): ServiceSnapshot | undefined {
    const unit = this.store.unit(unitName);
    const service = unit.machineState.services.get(serviceName(name));
    if (!service) return undefined;
    const { loadedUnitFile: _loaded, ...rest } = service;
    return { ...rest, unitFileExists: existsSync(join(unit.rootfs, 'etc/systemd/system', `${service.name}.service`)) };
  }

  machine(unitName: string): MachineSnapshot {
    const m = this.store.unit(unitName).machineState;
    return {
      packages: new Map(m.packages),
      users: [...m.users.keys()],
      groups: [...m.groups.keys()],
      owners: new Map(m.owners),
      services: [...m.services.keys()].map((s) => this.service(unitName, s) as ServiceSnapshot),
    };
  }

  /** Makes a service fail: its next start fails with `reason` (shown by journalctl); a running one crashes now. */
  failService(unitName: string, name: string, reason: string): void {
    const unit = this.store.unit(unitName);
    const service = serviceName(name);
    unit.machineState.serviceFaults.set(service, { reason });
    const state = unit.machineState.services.get(service);
    // Real mode: the process really dies; Restart= then finds the fault and leaves the service failed.
    if (unit.machineState.runner && state?.activeState === 'active') {
      unit.machineState.log(service, `${service}[${state.mainPid}]: ${reason}`);
      this.unitMachine(unitName).signalService(service, 'SIGKILL');
      return;
    }
    if (state?.activeState === 'active') {
      state.activeState = 'failed';
      state.subState = 'failed';
      state.result = 'exit-code';
      unit.machineState.log(service, `${service}[${1000 + state.starts}]: ${reason}`);
      unit.machineState.log(service, `systemd[1]: ${service}.service: Failed with result 'exit-code'.`);
    }
  }

  /**
   * Recording mode: what the unit's Flume reports on its metrics port from now on (a document, one computed per
   * request, or 'silent' for no answer); undefined restores the default, every configured component idle.
   */
  setMetrics(unitName: string, feed: MetricsFeed | undefined): void {
    this.store.unit(unitName);
    if (feed === undefined) this.metricsFeeds.delete(unitName);
    else this.metricsFeeds.set(unitName, feed);
  }

  private metricsUnit(key: string): MetricsUnit | undefined {
    const unitName = key.replace(/-(\d+)$/, '/$1');
    try {
      const unit = this.store.unit(unitName);
      return { rootfs: unit.rootfs, machineState: unit.machineState, feed: this.metricsFeeds.get(unitName) };
    } catch {
      return undefined;
    }
  }

  clearServiceFault(unitName: string, name: string): void {
    this.store.unit(unitName).machineState.serviceFaults.delete(serviceName(name));
  }

  unitStatus(unitName: string): { workload: UnitState['workload']; history: UnitState['statusHistory']; error?: string; leader: boolean } {
    const unit = this.store.unit(unitName);
    return {
      workload: unit.error ? { status: 'error', message: `hook failed: "${unit.error.hook}"` } : { ...unit.workload },
      history: [...unit.statusHistory],
      ...(unit.error ? { error: unit.error.hook } : {}),
      leader: this.store.app(unit.app).leader === unit.name,
    };
  }

  leaderData(app: string): Record<string, string> {
    return { ...this.store.app(app).leaderData };
  }

  charmState(unitName: string): Record<string, string> {
    return { ...this.store.unit(unitName).charmState };
  }

  /** Units of an application that are not yet removed. */
  units(app: string): string[] {
    return this.store.unitsOf(app).filter((u) => u.life !== 'dead').map((u) => u.name);
  }

  /** Hooks queued for a unit, for tests of the scheduling itself. */
  queuedHooks(unitName: string): string[] {
    return this.store.unit(unitName).queue.map(describeEvent);
  }

  /** Stops running hooks, closes the tool server and (for a temporary model) removes its directory. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const ctx of this.contexts.values()) killGroup(ctx.pid);
    await Promise.allSettled(this.running.values());
    await Promise.allSettled([...this.teardowns, ...[...this.unitMachines.values()].map((m) => m.stopAll())]);
    this.network?.destroy();
    this.forgetExitCleanup();
    await this.server.close();
    await this.metricsServer.close();
    if (this.ownsDir) await rm(this.store.dir, { recursive: true, force: true });
  }

  /** Exit-time teardown of a real-mode model that was never destroyed: SIGKILL, namespaces, bridge, lock, dir. */
  private destroySync(): void {
    for (const ctx of this.contexts.values()) killGroup(ctx.pid);
    for (const machine of this.unitMachines.values()) machine.killAll();
    this.network?.destroy();
    if (this.ownsDir) rmSync(this.store.dir, { recursive: true, force: true });
  }

  // ---- Real machines --------------------------------------------------------------------------------

  /** The unit's machine; a subordinate's is its principal's. */
  private unitMachine(unitName: string): UnitMachine {
    const unit = this.store.unit(unitName);
    const machine = this.unitMachines.get(unit.principal ?? unitName);
    if (!machine) throw new NotFoundError(`unit ${unitName} has no machine`);
    return machine;
  }

  /** The unit's address (private-address, ingress-address, network-get); in real mode from 198.18.0.0/15. */
  unitAddress(unitName: string): string {
    return this.store.unit(unitName).address;
  }

  /** The host's address on the model's bridge (real mode), from which tests reach units; undefined otherwise. */
  get hostAddress(): string | undefined {
    return this.network?.hostAddress;
  }

  /** What `journalctl -u NAME --no-pager` prints on the unit, line by line. */
  journal(unitName: string, name: string): string[] {
    const host = unitName.replace('/', '-');
    return (this.store.unit(unitName).machineState.journal.get(serviceName(name)) ?? []).map((line) => `${host} ${line}`);
  }

  /**
   * Signals the service's main process (real mode), as `kill -9 $MAINPID` would; Restart= then applies.
   * Returns whether a process was signalled.
   */
  killService(unitName: string, name: string, signal: NodeJS.Signals = 'SIGKILL'): boolean {
    return this.unitMachine(unitName).signalService(name, signal);
  }

  /** Runs a command in the unit's network namespace (on the host in recording mode): { code, stdout, stderr }. */
  execInUnit(unitName: string, argv: readonly string[], timeoutMs?: number): Promise<ExecResult> {
    return this.unitMachine(unitName).exec(argv, timeoutMs);
  }

  /** A removed unit's machine: its services stop and its namespace goes. */
  private async teardownMachine(unitName: string): Promise<void> {
    const machine = this.unitMachines.get(unitName);
    if (!machine) return;
    await machine.stopAll();
    if (machine.network) this.network?.removeUnit(unitName);
  }
}

/** `app/3` -> `app-3`, as the unit's directory is named. */
function unitKey(unitName: string): string {
  return unitName.replace('/', '-');
}

function validateActionParams(meta: ActionMeta, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(meta.params)) if (spec.default !== undefined) result[name] = spec.default;
  for (const [name, value] of Object.entries(params)) {
    const spec = meta.params[name];
    if (!spec && !meta.additionalProperties) throw new ModelError(`action ${meta.name}: unknown parameter "${name}"`);
    const type = spec?.type;
    const okType =
      type === undefined ||
      (type === 'string' && typeof value === 'string') ||
      (type === 'integer' && Number.isInteger(value)) ||
      (type === 'number' && typeof value === 'number') ||
      (type === 'boolean' && typeof value === 'boolean') ||
      (type === 'array' && Array.isArray(value)) ||
      (type === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value));
    if (!okType) throw new ModelError(`action ${meta.name}: parameter "${name}" must be ${type}`);
    result[name] = value;
  }
  for (const name of meta.required) if (!(name in result)) throw new ModelError(`action ${meta.name}: missing required parameter "${name}"`);
  return result;
}
