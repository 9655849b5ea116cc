// The real pair on one Model: flume-hdfs (sink_type=file, so no Hadoop is needed) <- flume-syslog, related
// over flume-agent, both with the stand-in Flume tarball; settled and active.
import { Model, type ModelOptions } from '@flume-charms/juju-sim';
import { builtCharm, standinTarball } from './charms';
import { HDFS, HDFS_UNIT, settleClean, SYSLOG, SYSLOG_UNIT, workload } from './scenarios';

export interface Pair {
  readonly model: Model;
  readonly relationId: number;
}

export interface PairOptions {
  readonly model?: ModelOptions;
  readonly hdfsConfig?: Record<string, string | number>;
  readonly syslogConfig?: Record<string, string | number>;
}

/** Deploys both charms, relates them and settles; throws when a hook fails or a unit is not active. */
export async function startPair(options: PairOptions = {}): Promise<Pair> {
  const model = await Model.create(options.model ?? {});
  const tarball = await standinTarball();
  await model.deploy(await builtCharm('flume-hdfs'), { name: HDFS, config: { sink_type: 'file', ...options.hdfsConfig }, resources: { flume: tarball } });
  await model.deploy(await builtCharm('flume-syslog'), { name: SYSLOG, config: options.syslogConfig ?? {}, resources: { flume: tarball } });
  const relationId = model.relate(`${SYSLOG}:flume-agent`, `${HDFS}:flume-agent`);
  await settleClean(model);
  for (const unit of [HDFS_UNIT, SYSLOG_UNIT]) {
    const status = workload(model, unit);
    if (status.status !== 'active') throw new Error(`${unit} is not active after set-up: ${JSON.stringify(status)}`);
  }
  return { model, relationId };
}
