// The charms deployed from their .charm files into juju-sim's real machines, with a real Flume tarball:
// each unit a network namespace whose flume-APP service is a real JVM. The suite, the demo and the bench
// use it to send syslog lines to an agent and count, by id, what the sink units wrote.
import { formatStatus, Model, type ConfigInput, type StatusValue } from '@flume-charms/juju-sim';
import type { CharmArchives } from './charm-archives';
import { countDelivered, type DeliveryCount, type SinkFiles } from './delivery-count';
import { formatFigures, readFlumeFigures, type FlumeFigures } from './flume-metrics';
import { tcpPortOpen, type SyslogTarget, type SyslogTransport } from './syslog-sender';
import { waitFor, waitUntil, WaitTimeoutError } from './wait-for';

export const SINK_APP = 'flume-hdfs';
export const AGENT_CHARM = 'flume-syslog';
/** Where flume-hdfs with sink_type=file rolls its files (a machine path). */
export const EVENTS_DIR = `/var/lib/flume/${SINK_APP}/events`;
const DEFAULT_PORTS = { sinkAvro: 4141, sinkMetrics: 34545, agentSyslog: 514, agentMetrics: 34546 } as const;

type Config = Readonly<Record<string, ConfigInput>>;

export interface RealDeploymentSpec {
  readonly tarball: string;
  readonly charms: CharmArchives;
  readonly name: string;
  /** flume-hdfs: sink_type=file is always set; more config and the unit count here. */
  readonly sink: { readonly units: number; readonly config?: Config };
  /** Agent applications (the flume-syslog charm under each name) and their config. */
  readonly agents: Readonly<Record<string, Config>>;
  /** Relate every agent to the sink (default true). */
  readonly related?: boolean;
}

/** Generous: JVMs start slowly on a shared 2-core machine. */
const READY_TIMEOUT_MS = 180_000;

export class RealDeployment {
  /** Every sink unit ever deployed -> its events directory on the host (kept after the unit is removed). */
  private readonly sinkDirs = new Map<string, string>();
  private readonly configs = new Map<string, Record<string, ConfigInput>>();
  /** Agent application -> its flume-agent relation id with the sink, while related. */
  private readonly relations = new Map<string, number>();

  private constructor(readonly model: Model, private readonly spec: RealDeploymentSpec) {}

  /** Deploys, relates, settles and waits until every Flume listens. The model is destroyed if that fails. */
  static async deploy(spec: RealDeploymentSpec): Promise<RealDeployment> {
    const model = await Model.create({ name: spec.name, machines: 'real', concurrency: 2 });
    const deployment = new RealDeployment(model, spec);
    try {
      if (model.machineMode !== 'real') throw new Error('juju-sim fell back to recording mode: no real machines here');
      const sinkConfig = { sink_type: 'file', ...spec.sink.config };
      deployment.configs.set(SINK_APP, sinkConfig);
      await model.deploy(spec.charms.dirs[SINK_APP]!, { name: SINK_APP, units: spec.sink.units, config: sinkConfig, resources: { flume: spec.tarball } });
      for (const [app, config] of Object.entries(spec.agents)) {
        deployment.configs.set(app, { ...config });
        await model.deploy(spec.charms.dirs[AGENT_CHARM]!, { name: app, units: 1, config, resources: { flume: spec.tarball } });
      }
      if (spec.related !== false) for (const app of Object.keys(spec.agents)) deployment.relateOnly(app);
      await deployment.settle();
      const updates = await deployment.waitReady();
      if (updates > 0) console.warn(`${spec.name}: Flume listened only after ${updates} update-status run(s)`);
      return deployment;
    } catch (error) {
      const detail = await deployment.describeAll();
      await model.destroy();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${detail}`);
    }
  }

  /** The status table, and every unit's Flume metrics and diagnostics, for a failure message. */
  async describeAll(): Promise<string> {
    const units = this.model.status().applications.flatMap((a) => a.units.map((u) => u.name));
    const lines = [formatStatus(this.model.status())];
    for (const unit of units) {
      const figures = await this.figures(unit).then(formatFigures, (error: unknown) => String(error));
      lines.push(`${unit} metrics: ${figures}`, this.diagnostics(unit));
    }
    return lines.join('\n');
  }

  /**
   * Runs queued hooks. A failed hook is retried once, as Juju does by default (automatically-retry-hooks), and
   * reported loudly with its stderr; a unit still in error fails the step with that stderr.
   */
  async settle(): Promise<void> {
    let result = await this.model.settle();
    for (const { unit, hook } of result.errors) {
      console.warn(`juju-sim: ${unit} ${hook} failed; retrying it once as Juju would\n${this.failedHooks(unit)}`);
      this.model.resolve(unit, { retry: true });
    }
    if (result.errors.length > 0) result = await this.model.settle();
    this.trackSinkUnits();
    if (result.errors.length > 0) {
      const why = result.errors.map((e) => this.failedHooks(e.unit));
      throw new Error(`hooks failed: ${JSON.stringify(result.errors).slice(0, 2000)}\n${why.join('\n')}`);
    }
  }

  /** The last failed hook of a unit, with the end of its stderr (what Juju puts in the unit log). */
  private failedHooks(unit: string): string {
    const run = this.model.hookRuns.filter((r) => r.unit === unit && !r.ok).at(-1);
    if (run === undefined) return `${unit}: no failed hook recorded`;
    return `${run.unit} ${run.hook} (exit ${run.exitCode ?? run.signal}):\n${run.stderr.split('\n').slice(-20).join('\n')}`;
  }

  /** `juju config APP key=value...`, settled. */
  async configure(app: string, values: Config): Promise<void> {
    this.model.config(app, values);
    this.configs.set(app, { ...this.configs.get(app), ...values });
    await this.settle();
  }

  /** `juju integrate APP flume-hdfs`, settled. */
  async relate(agentApp: string): Promise<void> {
    this.relateOnly(agentApp);
    await this.settle();
  }

  /** `juju remove-relation APP flume-hdfs`, settled. */
  async unrelate(agentApp: string): Promise<void> {
    const id = this.relations.get(agentApp);
    if (id === undefined) throw new Error(`${agentApp} is not related to ${SINK_APP}`);
    this.model.removeRelation(id);
    this.relations.delete(agentApp);
    await this.settle();
  }

  /** How many times systemd started the unit's Flume (start, restart, Restart=). */
  serviceStarts(unit: string): number {
    const service = this.model.service(unit, `flume-${unit.split('/')[0]!}`);
    return (service?.starts ?? 0) + (service?.nRestarts ?? 0);
  }

  /**
   * Every Flume of the model listens: sinks on their avro port, agents on metrics (and syslog for TCP).
   * While it waits, update-status runs every 15 s, as Juju's timer would (every 5 min there): a hook that
   * looked at Flume while the JVM was still starting gets another look. How many it took is returned.
   */
  async waitReady(timeoutMs = READY_TIMEOUT_MS): Promise<number> {
    let updates = 0;
    let lastUpdate = Date.now();
    await waitFor(async () => {
      if (await this.allListening()) return true;
      if (Date.now() - lastUpdate > 15_000) {
        this.model.updateStatus();
        await this.settle();
        updates += 1;
        lastUpdate = Date.now();
      }
      return false;
    }, { timeoutMs, intervalMs: 500, what: 'every Flume of the model to listen' });
    return updates;
  }

  private async allListening(): Promise<boolean> {
    for (const unit of this.units(SINK_APP)) {
      if (!(await tcpPortOpen(this.model.unitAddress(unit), this.port(SINK_APP, 'source_port', DEFAULT_PORTS.sinkAvro)))) return false;
    }
    for (const app of Object.keys(this.spec.agents)) {
      for (const unit of this.units(app)) {
        const figures = await this.figures(unit).catch(() => undefined);
        if (!figures || figures.raw.sources.length === 0) return false;
        if (this.transport(app) === 'tcp' && !(await tcpPortOpen(this.model.unitAddress(unit), this.syslogPort(app)))) return false;
      }
    }
    return true;
  }

  /** Live units of an application. */
  units(app: string): string[] {
    return this.model.status().applications.find((a) => a.name === app)?.units.map((u) => u.name) ?? [];
  }

  /** The agent application's unit 0, as a syslog client reaches it. */
  syslogTarget(app: string): SyslogTarget {
    return { host: this.model.unitAddress(`${app}/0`), port: this.syslogPort(app), transport: this.transport(app) };
  }

  /** Flume's own metrics of a unit. */
  figures(unit: string): Promise<FlumeFigures> {
    const app = unit.split('/')[0]!;
    const fallback = app === SINK_APP ? DEFAULT_PORTS.sinkMetrics : DEFAULT_PORTS.agentMetrics;
    return readFlumeFigures(this.model.unitAddress(unit), this.port(app, 'metrics_port', fallback));
  }

  /** The unit's workload status, after an update-status. */
  async statusAfterUpdate(unit: string): Promise<StatusValue> {
    this.model.updateStatus();
    await this.settle();
    return this.workload(unit);
  }

  /**
   * Each live unit's status (after an update-status) beside what its Flume did: `ready` when the status is
   * active "Ready...", `moved` when its sinks drained events since its last start (read before the hook runs,
   * in case the hook restarts Flume). At rest after traffic, a unit is Ready exactly when it moved events.
   */
  async statusesBesideFlume(): Promise<Array<{ unit: string; ready: boolean; moved: boolean; status: string; flume: string }>> {
    const units = this.model.status().applications.flatMap((a) => a.units.map((u) => u.name));
    const before = new Map<string, FlumeFigures | undefined>();
    for (const unit of units) before.set(unit, await this.figures(unit).catch(() => undefined));
    this.model.updateStatus();
    await this.settle();
    return units.map((unit) => {
      const figures = before.get(unit);
      const workload = this.workload(unit);
      return {
        unit,
        ready: workload.status === 'active' && workload.message.startsWith('Ready'),
        moved: figures !== undefined && figures.drained > 0,
        status: `${workload.status} ${workload.message}`,
        flume: figures ? formatFigures(figures) : 'no metrics',
      };
    });
  }

  workload(unit: string): StatusValue {
    const found = this.model.status().applications.flatMap((a) => a.units).find((u) => u.name === unit);
    if (!found) throw new Error(`no unit ${unit}`);
    return found.workload;
  }

  /** Every sink unit's events directory, removed units included: what reached them stays counted. */
  sinkFiles(): SinkFiles[] {
    this.trackSinkUnits();
    return [...this.sinkDirs].map(([label, dir]) => ({ label, dir }));
  }

  count(ids: readonly string[]): Promise<DeliveryCount> {
    return countDelivered(this.sinkFiles(), ids);
  }

  /**
   * Waits until every id is in the sinks' files, then a little longer for late copies (a replayed batch), and
   * returns the count. It gives up (and returns the count, whose assertion says what is missing) after
   * `timeoutMs`, or once nothing new arrived for `stallMs`: a stalled pipeline does not wait out the timeout.
   */
  async waitDelivered(ids: readonly string[], options: { timeoutMs?: number; stallMs?: number } = {}): Promise<DeliveryCount> {
    const stallMs = options.stallMs ?? 60_000;
    let progress = { delivered: -1, at: Date.now() };
    try {
      await waitUntil(() => this.count(ids), (c) => {
        if (c.delivered !== progress.delivered) progress = { delivered: c.delivered, at: Date.now() };
        return c.lost === 0 || Date.now() - progress.at > stallMs;
      }, { timeoutMs: options.timeoutMs ?? 240_000, intervalMs: 500, what: `${ids.length} events in the sinks' files` });
      await new Promise((resolve) => setTimeout(resolve, 2000));
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
    }
    return this.count(ids);
  }

  /** kill -9 of the unit's Flume JVM; resolves once systemd's Restart= brought up a new one. */
  async killFlume(unit: string, timeoutMs = READY_TIMEOUT_MS): Promise<{ oldPid: number; newPid: number }> {
    const service = `flume-${unit.split('/')[0]!}`;
    const oldPid = this.model.service(unit, service)?.mainPid ?? 0;
    if (!this.model.killService(unit, service, 'SIGKILL')) throw new Error(`${unit}: ${service} has no running process to kill`);
    const after = await waitUntil(() => this.model.service(unit, service), (s) => s?.activeState === 'active' && s.mainPid !== 0 && s.mainPid !== oldPid,
      { timeoutMs, what: `${service} on ${unit} to be restarted by systemd` });
    return { oldPid, newPid: after?.mainPid ?? 0 };
  }

  /** The end of the unit's journal and Flume log, for a failure message. */
  diagnostics(unit: string): string {
    const app = unit.split('/')[0]!;
    let log = '';
    try {
      log = this.model.unitFile(unit, `/var/log/flume/${app}/flume.log`).split('\n').filter((l) => /WARN|ERROR/.test(l)).slice(-8).join('\n');
    } catch {
      log = '(no flume.log)';
    }
    let sinks = '';
    try {
      sinks = this.model.unitFile(unit, `/etc/flume/${app}/flume.conf`).split('\n').filter((l) => /\.(sinks|hostname|port) = /.test(l)).join('\n');
    } catch {
      sinks = '(no flume.conf)';
    }
    return `${unit} journal:\n${this.model.journal(unit, `flume-${app}`).slice(-8).join('\n')}\n${unit} flume.log (WARN/ERROR):\n${log}\n${unit} flume.conf sinks and ports:\n${sinks}`;
  }

  async destroy(): Promise<void> {
    await this.model.destroy();
  }

  private relateOnly(agentApp: string): void {
    this.relations.set(agentApp, this.model.relate(`${agentApp}:flume-agent`, `${SINK_APP}:flume-agent`));
  }

  private trackSinkUnits(): void {
    for (const unit of this.units(SINK_APP)) if (!this.sinkDirs.has(unit)) this.sinkDirs.set(unit, this.model.unitPath(unit, EVENTS_DIR));
  }

  private transport(app: string): SyslogTransport {
    const type = String(this.configs.get(app)?.['source_type'] ?? 'syslogudp');
    return type === 'syslogudp' ? 'udp' : 'tcp';
  }

  private syslogPort(app: string): number {
    const raw = this.configs.get(app)?.['source_port'];
    return raw === undefined || raw === null ? DEFAULT_PORTS.agentSyslog : Number(String(raw).split(/\s+/)[0]);
  }

  private port(app: string, option: string, fallback: number): number {
    const raw = this.configs.get(app)?.[option];
    return raw === undefined || raw === null ? fallback : Number(raw);
  }
}
