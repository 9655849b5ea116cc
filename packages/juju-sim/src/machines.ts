// The units' machines. Real mode: each is a network namespace whose services really run. Recording mode: a
// fake system state only, and the simulator answers for the Flume metrics endpoint that nothing serves.
import { NotFoundError } from './errors';
import { FakeMetricsServer, type MetricsFeed, type MetricsUnit } from './machine/fake-metrics';
import { serviceName } from './machine/machine-state';
import type { UnitState } from './model-state';
import type { ModelStore } from './model-store';
import { realMachinesAvailableSync } from './real-machine/availability';
import { ModelNetwork } from './real-machine/model-network';
import { UnitMachine } from './unit-machine';

let fallbackNoted = false;

/**
 * Real mode's network (`ownedDir`: the model's own directory, removed with it), or undefined when real
 * machines are not available here: then a note on stderr, once per process, and recording mode.
 */
export function openRealNetwork(ownedDir: string | undefined): ModelNetwork | undefined {
  const available = realMachinesAvailableSync();
  if (available.ok) return ModelNetwork.create(ownedDir);
  if (!fallbackNoted) {
    fallbackNoted = true;
    process.stderr.write(`juju-sim: real machines are not available here (${available.reason}); units run in recording mode\n`);
  }
  return undefined;
}

export class Machines {
  /** By the principal unit that got the machine; its subordinates share it. */
  private readonly byUnit = new Map<string, UnitMachine>();
  private readonly teardowns: Promise<void>[] = [];
  /** Recording mode: what each unit's (absent) Flume reports on its metrics port; see machine/fake-metrics.ts. */
  private readonly metricsFeeds = new Map<string, MetricsFeed>();
  private readonly metricsServer = new FakeMetricsServer((key) => this.metricsUnit(key));

  constructor(
    private readonly store: ModelStore,
    /** Real mode only. */
    readonly network: ModelNetwork | undefined,
  ) {}

  get mode(): 'real' | 'recording' {
    return this.network ? 'real' : 'recording';
  }

  /** A new principal unit's machine (in real mode with its own namespace and address). */
  provision(unitName: string, rootfs: string): UnitMachine {
    const machine = new UnitMachine(rootfs, this.network?.addUnit(unitName));
    this.byUnit.set(unitName, machine);
    return machine;
  }

  /** The unit's machine; a subordinate's is its principal's. */
  of(unitName: string): UnitMachine {
    const unit = this.store.unit(unitName);
    const machine = this.byUnit.get(unit.principal ?? unitName);
    if (!machine) throw new NotFoundError(`unit ${unitName} has no machine`);
    return machine;
  }

  /** The argv prefix a unit's hooks run under: a subordinate's run on its principal's machine. */
  enterPrefix(unit: UnitState): string[] {
    return this.byUnit.get(unit.principal ?? unit.name)?.enterPrefix ?? [];
  }

  /** The machine goes with its removed unit: services stopped, namespace deleted (destroy() waits for it). */
  retire(unitName: string): void {
    this.teardowns.push(this.teardown(unitName));
  }

  private async teardown(unitName: string): Promise<void> {
    const machine = this.byUnit.get(unitName);
    if (!machine) return;
    await machine.stopAll();
    if (machine.network) this.network?.removeUnit(unitName);
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
      this.of(unitName).signalService(service, 'SIGKILL');
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

  setMetrics(unitName: string, feed: MetricsFeed | undefined): void {
    this.store.unit(unitName);
    if (feed === undefined) this.metricsFeeds.delete(unitName);
    else this.metricsFeeds.set(unitName, feed);
  }

  /** CHARM_METRICS_URL for the unit's hooks: recording mode runs no Flume, so the simulator answers for it. */
  metricsUrl(unit: UnitState): string | undefined {
    if ((unit.machineState as { runner?: unknown }).runner !== undefined) return undefined;
    return this.metricsServer.urlFor(unitKey(unit.name));
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

  async listenMetrics(): Promise<void> {
    await this.metricsServer.listen();
  }

  async closeMetrics(): Promise<void> {
    await this.metricsServer.close();
  }

  /** Stops every service, then removes the namespaces and the bridge. */
  async destroy(): Promise<void> {
    await Promise.allSettled([...this.teardowns, ...[...this.byUnit.values()].map((m) => m.stopAll())]);
    this.network?.destroy();
  }

  /** Exit-time teardown: SIGKILL to every service, then namespaces and bridge. */
  destroySync(): void {
    for (const machine of this.byUnit.values()) machine.killAll();
    this.network?.destroy();
  }
}

/** `app/3` -> `app-3`, as the unit's directory is named. */
function unitKey(unitName: string): string {
  return unitName.replace('/', '-');
}
