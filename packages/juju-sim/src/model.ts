// The embedded Juju model: the typed API tests and the demo drive. A facade: the work is done by the parts
// it wires together (applications, units, relations, removal, storage changes, the scheduler and hook
// execution, tool routing, the machines).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { validateActionParams } from './action-params';
import { attachResource, changeConfig, deploy, upgradeCharm, type DeployOptions } from './applications';
import type { ConfigValue } from './charm-meta';
import { installClient, type ClientKind } from './client-install';
import type { ConfigInput } from './config';
import { ModelError, NotFoundError } from './errors';
import { Faults } from './faults';
import { describeEvent } from './hook-event';
import { HookExecutor } from './hook-execution';
import { HOOK_TOOLS } from './hook-tools/registry';
import type { ToolResult } from './hook-tools/tool-result';
import { Lifecycle } from './lifecycle';
import { serviceName } from './machine/machine-state';
import { MACHINE_COMMANDS } from './machine/registry';
import type { MetricsFeed } from './machine/fake-metrics';
import { Machines, openRealNetwork } from './machines';
import type { ModelOptions } from './model-options';
import type { ModelParts } from './model-parts';
import type { LogRecord, UnitState } from './model-state';
import { ModelStore } from './model-store';
import { onProcessExit } from './real-machine/exit-cleanup';
import type { ModelNetwork } from './real-machine/model-network';
import type { ActionResult, HookRun, SettleResult, ToolCall } from './records';
import { findRelation, relate } from './relations';
import { removeRelation, removeUnit } from './removal';
import { Scheduler } from './scheduler';
import { journalLines, machineSnapshot, serviceSnapshot, storageSnapshots, type MachineSnapshot, type ServiceSnapshot, type StorageSnapshot } from './snapshots';
import { modelStatus, type ModelStatus } from './status';
import { StorageIds } from './storage';
import { addStorage, detachStorage } from './storage-changes';
import { refuseAddUnit } from './subordinates';
import { ToolServer } from './tool-server';
import { routeToolRequest } from './tool-routing';
import type { ExecResult } from './unit-machine';
import { addUnitTo, aliveUnits } from './units';
import type { ToolRequest } from './wire';

export type { DeployOptions } from './applications';
export type { MachineSnapshot, ServiceSnapshot, StorageSnapshot } from './snapshots';
export type { ModelOptions } from './model-options';

export class Model {
  readonly hookRuns: HookRun[] = [];
  readonly toolCalls: ToolCall[] = [];
  readonly faults = new Faults();
  private readonly store: ModelStore;
  private readonly lifecycle: Lifecycle;
  private readonly machines: Machines;
  private readonly parts: ModelParts;
  private readonly executor: HookExecutor;
  private readonly scheduler: Scheduler;
  private actionCounter = 0;
  private destroyed = false;
  private readonly forgetExitCleanup: () => void;

  private constructor(
    private readonly server: ToolServer,
    private readonly binDir: string,
    readonly clientKind: ClientKind,
    private readonly options: ModelOptions,
    store: ModelStore,
    private readonly ownsDir: boolean,
    /** Real-machine mode only. */
    network: ModelNetwork | undefined,
  ) {
    this.store = store;
    this.lifecycle = new Lifecycle(store);
    this.machines = new Machines(store, network);
    this.parts = { store, lifecycle: this.lifecycle, storageIds: new StorageIds(), machines: this.machines };
    const modelEnv = { toolsDir: binDir, toolAddress: server.address, modelName: store.name, modelUuid: store.uuid, jujuVersion: this.jujuVersion, extra: options.env };
    this.executor = new HookExecutor(this.parts, modelEnv, options.hookTimeoutMs ?? 120_000, this.hookRuns);
    const limits = { concurrency: options.concurrency ?? 2, maxHooks: options.maxHooksPerSettle ?? 2000 };
    this.scheduler = new Scheduler(store, this.lifecycle, (unit, event) => this.executor.run(unit, event), limits);
    this.forgetExitCleanup = network ? onProcessExit(() => this.destroySync()) : () => undefined;
  }

  static async create(options: ModelOptions = {}): Promise<Model> {
    const ownsDir = options.dir === undefined;
    const dir = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'juju-sim-'));
    mkdirSync(dir, { recursive: true });
    let model: Model | undefined;
    const server = new ToolServer((request) => model?.handleRequest(request) ?? { code: 1, stdout: '', stderr: 'ERROR juju-sim: model not ready\n' });
    const network = options.machines === 'real' ? openRealNetwork(ownsDir ? dir : undefined) : undefined;
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
    await model.machines.listenMetrics();
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
    return this.machines.mode;
  }

  get jujuVersion(): string {
    return this.options.jujuVersion ?? '3.6.0';
  }

  /** juju-log records. */
  get logs(): readonly LogRecord[] {
    return this.store.logs;
  }

  // ---- Model changes (applications.ts, units.ts, relations.ts, removal.ts, storage-changes.ts) ---------

  /** `juju deploy`: `charm` is an unpacked charm directory or a packed `.charm` file. */
  async deploy(charm: string, options: DeployOptions = {}): Promise<void> {
    await deploy(this.parts, charm, options);
  }

  /** Replaces a resource file, as `juju attach-resource`; units get upgrade-charm. */
  attachResource(app: string, name: string, path: string): void {
    attachResource(this.parts, app, name, path);
  }

  /** `juju add-storage UNIT NAME=COUNT`: provisions and mounts the storage now; storage-attached runs next. */
  addStorage(unitName: string, name: string, count = 1): string[] {
    return addStorage(this.parts, unitName, name, count);
  }

  /** `juju detach-storage ID`: storage-detaching runs next; once it commits, the storage is unmounted. */
  detachStorage(storageId: string): void {
    detachStorage(this.parts, storageId);
  }

  /** The storage attached to a unit (or to every unit), by id. */
  storage(unitName?: string): StorageSnapshot[] {
    return storageSnapshots(unitName ? [this.store.unit(unitName)] : [...this.store.units.values()].filter((u) => u.life !== 'dead'));
  }

  async addUnit(app: string, count = 1): Promise<string[]> {
    const state = this.store.app(app);
    refuseAddUnit(state);
    const names: string[] = [];
    for (let i = 0; i < count; i++) names.push(await addUnitTo(this.parts, state));
    return names;
  }

  /** Relates two endpoints ("app:endpoint", or "app" when one endpoint fits); returns the relation id. */
  relate(a: string, b: string): number {
    return relate(this.parts, a, b).id;
  }

  /** Changes config like `juju config`: values are type-checked; null resets to the default. */
  config(app: string, values: Readonly<Record<string, ConfigInput>>): void {
    changeConfig(this.parts, app, values);
  }

  /** The application's effective config: every option, null when unset without default. */
  configOf(app: string): Record<string, ConfigValue | null> {
    return this.store.config(app);
  }

  removeUnit(unitName: string): void {
    removeUnit(this.parts, unitName);
  }

  /** Removes a relation by id or by its endpoints ("a:ep b:ep", either order). */
  removeRelation(ref: number | string): void {
    removeRelation(this.parts, ref);
  }

  /** Re-reads the charm (optionally from a new directory), copies it over each unit's charm dir, queues upgrade-charm. */
  async upgradeCharm(app: string, charmDir?: string): Promise<void> {
    await upgradeCharm(this.parts, app, charmDir);
  }

  /** Queues update-status on every unit (or those of one application), as Juju's periodic timer does. */
  updateStatus(app?: string): void {
    const units = app ? aliveUnits(this.store, app) : [...this.store.units.values()].filter((u) => u.life === 'alive');
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
    await this.scheduler.runUntil(() => this.executor.actionResult(id) !== undefined);
    const result = this.executor.actionResult(id);
    if (!result) throw new ModelError(`action ${action} on ${unitName} did not run (the unit was removed?)`);
    return result;
  }

  /** Runs queued hooks until none can run: every queue empty, or stopped on a failed hook (scheduler.ts). */
  async settle(options: { maxHooks?: number } = {}): Promise<SettleResult> {
    return this.scheduler.settle(options.maxHooks);
  }

  /** A hook tool or machine command called by a running hook (tool-routing.ts). */
  private handleRequest(request: ToolRequest): ToolResult | undefined | Promise<ToolResult> {
    return routeToolRequest(request, this.executor.context(request.contextId), this.faults, this.toolCalls);
  }

  // ---- Inspection -----------------------------------------------------------------------------------

  status(): ModelStatus {
    return modelStatus(this.store, this.jujuVersion);
  }

  /** The committed databag of a unit or application ("app") in a relation given by id or endpoints. */
  relationData(relation: number | string, unitOrApp: string): Record<string, string> {
    const r = findRelation(this.store, relation);
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
    return serviceSnapshot(this.store.unit(unitName), name);
  }

  machine(unitName: string): MachineSnapshot {
    return machineSnapshot(this.store.unit(unitName));
  }

  /** Makes a service fail: its next start fails with `reason` (shown by journalctl); a running one crashes now. */
  failService(unitName: string, name: string, reason: string): void {
    this.machines.failService(unitName, name, reason);
  }

  /**
   * Recording mode: what the unit's Flume reports on its metrics port from now on (a document, one computed per
   * request, or 'silent' for no answer); undefined restores the default, every configured component idle.
   */
  setMetrics(unitName: string, feed: MetricsFeed | undefined): void {
    this.machines.setMetrics(unitName, feed);
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
    this.executor.killAll();
    await this.scheduler.stop();
    await this.machines.destroy();
    this.forgetExitCleanup();
    await this.server.close();
    await this.machines.closeMetrics();
    if (this.ownsDir) await rm(this.store.dir, { recursive: true, force: true });
  }

  /** Exit-time teardown of a real-mode model that was never destroyed: SIGKILL, namespaces, bridge, lock, dir. */
  private destroySync(): void {
    this.executor.killAll();
    this.machines.destroySync();
    if (this.ownsDir) rmSync(this.store.dir, { recursive: true, force: true });
  }

  // ---- Real machines (machines.ts) -----------------------------------------------------------------

  /** The unit's address (private-address, ingress-address, network-get); in real mode from 198.18.0.0/15. */
  unitAddress(unitName: string): string {
    return this.store.unit(unitName).address;
  }

  /** The host's address on the model's bridge (real mode), from which tests reach units; undefined otherwise. */
  get hostAddress(): string | undefined {
    return this.machines.network?.hostAddress;
  }

  /** What `journalctl -u NAME --no-pager` prints on the unit, line by line. */
  journal(unitName: string, name: string): string[] {
    return journalLines(this.store.unit(unitName), name);
  }

  /**
   * Signals the service's main process (real mode), as `kill -9 $MAINPID` would; Restart= then applies.
   * Returns whether a process was signalled.
   */
  killService(unitName: string, name: string, signal: NodeJS.Signals = 'SIGKILL'): boolean {
    return this.machines.of(unitName).signalService(name, signal);
  }

  /** Runs a command in the unit's network namespace (on the host in recording mode): { code, stdout, stderr }. */
  execInUnit(unitName: string, argv: readonly string[], timeoutMs?: number): Promise<ExecResult> {
    return this.machines.of(unitName).exec(argv, timeoutMs);
  }
}
