// The Flume flow of the agent as plain data: which channels, which sinks, how they are grouped.
// Computed from the validated config and the validated sinks; the template only prints it.
import type { SinkProcessor, SourceType, SyslogConfig } from './config';
import { sinkNames } from './sink-names';

/** The channel the source always writes to: the buffer that survives sink outages and drains when one returns. */
export const MAIN_CHANNEL = 'chan-main';
export const SINK_GROUP = 'sink-group';

/** A validated sink unit, as packages/flume-interface's sinks() returns it. */
export interface SinkTarget {
  readonly unit: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'avro' | 'thrift';
  readonly compression: 'none' | 'deflate';
}

export interface PlannedChannel {
  readonly name: string;
}

export interface PlannedSink {
  readonly unit: string;
  readonly name: string;
  /** avro or thrift: the sink unit's source protocol. */
  readonly type: 'avro' | 'thrift';
  readonly channel: string;
  readonly hostname: string;
  readonly port: number;
  /** Avro only: must equal the compression of the sink unit's Avro source. */
  readonly compression: 'none' | 'deflate' | undefined;
}

export interface PlannedGroup {
  readonly name: string;
  readonly type: 'load_balance' | 'failover';
  readonly sinks: readonly string[];
  /** failover: distinct priorities, the first sink in the stable order highest. */
  readonly priorities: ReadonlyArray<{ readonly sink: string; readonly priority: number }>;
}

export interface FlowPlan {
  readonly sourceType: SourceType;
  readonly processor: SinkProcessor;
  readonly channels: readonly PlannedChannel[];
  readonly sinks: readonly PlannedSink[];
  /** Only with two or more sinks and a load_balance or failover processor. */
  readonly group: PlannedGroup | undefined;
  /** sink_processor=none with two or more sinks: the source copies every event to each sink's channel. */
  readonly replicating: boolean;
}

/** The highest failover priority; each next sink in the stable order gets one less. */
export const TOP_PRIORITY = 1000;

/**
 * Plans the flow. `sinks` must be in the interface's stable order (relation id, then unit number): that order
 * decides failover priorities and which sink reads the main channel.
 *
 * sink_processor=none gives every sink a channel of its own, as the original charm did. The FIRST sink reads
 * the main channel, so the events buffered while no sink was available always drain to a sink when one returns.
 */
export function planFlow(config: Pick<SyslogConfig, 'sourceType' | 'sinkProcessor'>, sinks: readonly SinkTarget[]): FlowPlan {
  const named = sinks.map((sink) => ({ sink, names: sinkNames(sink.unit) }));
  const seen = new Set<string>();
  for (const { names } of named) {
    if (seen.has(names.sink)) throw new Error(`two sink units map to the Flume name ${names.sink}`);
    seen.add(names.sink);
  }
  const replicating = config.sinkProcessor === 'none' && named.length > 1;
  const channelOf = (index: number, channel: string): string => (replicating && index > 0 ? channel : MAIN_CHANNEL);
  const planned: PlannedSink[] = named.map(({ sink, names }, index) => ({
    unit: sink.unit,
    name: names.sink,
    type: sink.protocol,
    channel: channelOf(index, names.channel),
    hostname: sink.host,
    port: sink.port,
    compression: sink.protocol === 'avro' ? sink.compression : undefined,
  }));
  const channels: PlannedChannel[] = [{ name: MAIN_CHANNEL }, ...planned.filter((s) => s.channel !== MAIN_CHANNEL).map((s) => ({ name: s.channel }))];
  const grouped = config.sinkProcessor !== 'none' && planned.length > 1;
  const group: PlannedGroup | undefined = grouped
    ? {
        name: SINK_GROUP,
        type: config.sinkProcessor === 'failover' ? 'failover' : 'load_balance',
        sinks: planned.map((s) => s.name),
        priorities: config.sinkProcessor === 'failover' ? planned.map((s, i) => ({ sink: s.name, priority: TOP_PRIORITY - i })) : [],
      }
    : undefined;
  return { sourceType: config.sourceType, processor: config.sinkProcessor, channels, sinks: planned, group, replicating };
}
