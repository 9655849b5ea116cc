// Simulator scenarios shared by the reliability tests: the real bundles on a juju-sim Model, next to raw-remote.
import { Model, type ServiceSnapshot, type SettleResult } from '@flume-charms/juju-sim';
import { builtCharm, RAW_HADOOP_PLUGIN, RAW_REMOTE, standinTarball } from './charms';

export const SYSLOG = 'flume-syslog';
export const HDFS = 'flume-hdfs';
export const SYSLOG_UNIT = `${SYSLOG}/0`;
export const HDFS_UNIT = `${HDFS}/0`;
export const confPath = (app: string): string => `/etc/flume/${app}/flume.conf`;
export const serviceName = (app: string): string => `flume-${app}`;

export type Bag = Record<string, string>;
export type WorkloadStatus = { status: string; message: string };

/** The parts of the fake systemd's state that a hook could disturb. */
export type ServiceView = Pick<ServiceSnapshot, 'enabled' | 'activeState' | 'starts' | 'restarts'> | undefined;

export function serviceView(model: Model, unit: string): ServiceView {
  const app = unit.split('/')[0] as string;
  const s = model.service(unit, serviceName(app));
  return s && { enabled: s.enabled, activeState: s.activeState, starts: s.starts, restarts: s.restarts };
}

export function workload(model: Model, unit: string): WorkloadStatus {
  const { status, message } = model.unitStatus(unit).workload;
  return { status, message };
}

export function unitPorts(model: Model, unit: string): readonly string[] {
  for (const app of model.status().applications) {
    const found = app.units.find((u) => u.name === unit);
    if (found) return found.ports;
  }
  throw new Error(`no unit ${unit}`);
}

/** Settles and fails loudly (with the hook's stderr) when a hook failed: for set-up steps that must succeed. */
export async function settleClean(model: Model): Promise<void> {
  const from = model.hookRuns.length;
  const result = await model.settle();
  const failed = model.hookRuns.slice(from).filter((r) => !r.ok);
  if (result.errors.length > 0 || failed.length > 0) {
    throw new Error(`hooks failed: ${failed.map((r) => `${r.unit} ${r.hook}: ${r.stderr.slice(-600)}`).join('\n')}`);
  }
}

export interface RawSinkScenario {
  readonly model: Model;
  readonly sinkUnit: string;
  readonly relationId: number;
  /** Replaces the raw sink's databag and settles. */
  publish(bag: Bag): Promise<SettleResult>;
  agentConf(): string;
  agentService(): ServiceView;
  agentStatus(): WorkloadStatus;
}

/** flume-syslog (stand-in Flume) related to raw-remote "raw-sink" publishing `initial`; settled and active. */
export async function startSyslogWithRawSink(initial: Bag, syslogConfig: Record<string, string | number> = {}): Promise<RawSinkScenario> {
  const model = await Model.create({ concurrency: 2 });
  await model.deploy(await builtCharm('flume-syslog'), { name: SYSLOG, config: syslogConfig, resources: { flume: await standinTarball() } });
  await model.deploy(RAW_REMOTE, { name: 'raw-sink', config: { databag: JSON.stringify(initial) } });
  const relationId = model.relate(`${SYSLOG}:flume-agent`, 'raw-sink:flume-agent');
  await settleClean(model);
  const scenario: RawSinkScenario = {
    model,
    sinkUnit: 'raw-sink/0',
    relationId,
    async publish(bag) {
      model.config('raw-sink', { databag: JSON.stringify(bag) });
      return model.settle();
    },
    agentConf: () => model.unitFile(SYSLOG_UNIT, confPath(SYSLOG)),
    agentService: () => serviceView(model, SYSLOG_UNIT),
    agentStatus: () => workload(model, SYSLOG_UNIT),
  };
  const status = scenario.agentStatus();
  if (status.status !== 'active') throw new Error(`flume-syslog is not active after set-up: ${JSON.stringify(status)}`);
  return scenario;
}

export interface RawHadoopScenario {
  readonly model: Model;
  readonly pluginUnit: string;
  readonly relationId: number;
  publish(bag: Bag): Promise<SettleResult>;
}

/** flume-hdfs (sink_type=hdfs) with raw-remote "raw-hadoop" as its hadoop-plugin, and flume-syslog as its agent. */
export async function startHdfsWithRawHadoop(initial: Bag): Promise<RawHadoopScenario> {
  const model = await Model.create({ concurrency: 2 });
  const tarball = await standinTarball();
  await model.deploy(await builtCharm('flume-hdfs'), { name: HDFS, resources: { flume: tarball } });
  await model.deploy(await builtCharm('flume-syslog'), { name: SYSLOG, resources: { flume: tarball } });
  await model.deploy(RAW_HADOOP_PLUGIN, { name: 'raw-hadoop', config: { databag: JSON.stringify(initial) } });
  const relationId = model.relate(`${HDFS}:hadoop`, 'raw-hadoop:hadoop-plugin');
  model.relate(`${SYSLOG}:flume-agent`, `${HDFS}:flume-agent`);
  await settleClean(model);
  const status = workload(model, HDFS_UNIT);
  if (status.status !== 'active') throw new Error(`flume-hdfs is not active after set-up: ${JSON.stringify(status)}`);
  return {
    model,
    pluginUnit: 'raw-hadoop/0',
    relationId,
    async publish(bag) {
      model.config('raw-hadoop', { databag: JSON.stringify(bag) });
      return model.settle();
    },
  };
}
