// sink_processor=none gives each sink unit a file channel of its own. When the unit departs (or the processor
// changes), that channel may still hold events no other sink has (those that arrived while it was the only
// sink, or while the others were down). Its channel is "retired": kept, and drained by a drain sink to the
// first remaining sink (flow-plan), until Flume reports it empty twice in a row; then it leaves flume.conf at
// the next restart (reconcile) and its directory is deleted. Juju never reuses a unit name, so nothing else would ever read it.
import { fetchMetrics, fileChannelExists, MetricsError, removeFileChannel, type FlumeLayout } from '@flume-charms/flume';
import { log, unitState } from '@flume-charms/reactive';
import type { SyslogConfig } from './config';
import { sinkNames } from './sink-names';

const KV_OWNERS = 'flume-syslog.channel-owners';
const KV_SEEN_EMPTY = 'flume-syslog.channels-seen-empty';

function storedUnits(key: string): string[] {
  const stored = unitState.kv.get(key);
  return Array.isArray(stored) ? stored.filter((unit): unit is string => typeof unit === 'string') : [];
}

/** The units whose own channel the last applied flow read or drained. */
export function channelOwners(): string[] {
  return storedUnits(KV_OWNERS);
}

/** Which retired channels (owners that are not a current sink's own channel) still drain, and which are done. */
export function planRetirement(
  layout: FlumeLayout,
  config: Pick<SyslogConfig, 'channelType' | 'metricsPort' | 'sinkProcessor'>,
  sinkUnits: readonly string[],
  flumeRunning: boolean,
): Promise<{ keep: string[]; drained: string[] }> {
  const own = config.sinkProcessor === 'none' ? sinkUnits : [];
  return stillDraining(layout, config, channelOwners().filter((unit) => !own.includes(unit)), flumeRunning);
}

/**
 * Of the `retired` units (owners no longer read as a sink's own channel), those still to drain. A channel
 * leaves when Flume reports it empty at two checks in a row (one empty reading may be a batch in flight),
 * or when it has no directory (it never held an event). Memory channels lost their events at the restart
 * that retired them: nothing to drain. Metrics that do not answer keep every channel.
 */
export async function stillDraining(
  layout: FlumeLayout,
  config: Pick<SyslogConfig, 'channelType' | 'metricsPort'>,
  retired: readonly string[],
  flumeRunning: boolean,
): Promise<{ keep: string[]; drained: string[] }> {
  if (retired.length === 0) return { keep: [], drained: [] };
  if (config.channelType === 'memory') return { keep: [], drained: [...retired] };
  let sizes: ReadonlyMap<string, number> | undefined;
  if (flumeRunning) {
    try {
      const metrics = await fetchMetrics(config.metricsPort, { timeoutMs: 1000 });
      // A file channel reports its capacity once its log is replayed: only then is its size real.
      sizes = new Map(metrics.channels.filter((c) => (c.capacity ?? 0) > 0).map((c) => [c.name, c.size]));
    } catch (error) {
      if (!(error instanceof MetricsError)) throw error;
    }
  }
  const seenEmpty = new Set(storedUnits(KV_SEEN_EMPTY));
  const keep: string[] = [];
  const drained: string[] = [];
  const nowEmpty: string[] = [];
  for (const unit of retired) {
    const channel = sinkNames(unit).channel;
    const size = sizes?.get(channel);
    if (size === undefined && !(await fileChannelExists(layout, channel))) drained.push(unit);
    else if (size === 0 && seenEmpty.has(unit)) {
      drained.push(unit);
      nowEmpty.push(unit); // still empty at the next check, should the caller keep it until a restart (reconcile)
    }
    else {
      keep.push(unit);
      if (size === 0) nowEmpty.push(unit);
    }
  }
  if (nowEmpty.length > 0) unitState.kv.set(KV_SEEN_EMPTY, nowEmpty);
  else unitState.kv.unset(KV_SEEN_EMPTY);
  return { keep, drained };
}

/** After a flow without them was applied: deletes the drained channels and remembers the current owners. */
export async function settleChannelOwners(layout: FlumeLayout, owners: readonly string[], drained: readonly string[]): Promise<void> {
  for (const unit of drained) {
    const channel = sinkNames(unit).channel;
    if (await fileChannelExists(layout, channel)) {
      await removeFileChannel(layout, channel);
      await log(`deleted file channel ${channel} of departed sink ${unit}: drained to the remaining sinks`, 'INFO');
    }
  }
  if (owners.length > 0) unitState.kv.set(KV_OWNERS, [...owners]);
  else unitState.kv.unset(KV_OWNERS);
}
