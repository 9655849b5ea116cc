// The Flume flow of the agent as plain data: which channels, which sinks, how they are grouped.
// Computed from the validated config and the validated sinks; the template only prints it.
import type { SinkProcessor, SourceType, SyslogConfig } from './config';
import { sinkNames } from './sink-names';

/** The buffer the source writes to while no sink is available (and always, unless sink_processor=none). */
export const MAIN_CHANNEL = 'chan-main';
export const SINK_GROUP = 'sink-group';
/** sink_processor=none: forwards what buffered in the main channel (before any sink was there) to the first sink. */
export const MAIN_DRAIN = 'drain-main';

/** A validated sink unit, as packages/flume-interface's sinks() returns it. */
export interface SinkTarget {
  readonly unit: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'avro' | 'thrift';
  readonly compression: 'none' | 'deflate';
  /** The largest batch the sink unit accepts (flume-agent `max-batch-size`); undefined: not published. */
  readonly maxBatchSize?: number | undefined;
  /** The sink unit accepts TLS only: the sha256 of the CA bundle to trust (flume-agent `tls-ca`); undefined: plaintext. */
  readonly tlsCaId?: string | undefined;
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
  /** min(batch_size, the unit's max-batch-size): a bigger RPC batch is refused by the remote source every time. */
  readonly batchSize: number;
  /** A drain sink: the channel whose leftover events it forwards to `unit`; undefined for a unit's own sink. */
  readonly drains: string | undefined;
  /** TLS to `unit`, trusting the truststore built from this CA bundle id; undefined: plaintext. */
  readonly tlsCaId: string | undefined;
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
  /** sink_processor=none with a sink: the source copies every event to each sink unit's own channel. */
  readonly replicating: boolean;
  /** The channels the source writes to. */
  readonly sourceChannels: readonly string[];
  /** Replicating: channels whose full or failing put does not stop the others (selector.optional). */
  readonly optionalChannels: readonly string[];
  /** Units whose own channel is still drained (departed, or sink_processor changed); kept while it holds events. */
  readonly retired: readonly string[];
}

/** The highest failover priority; each next sink in the stable order gets one less. */
export const TOP_PRIORITY = 1000;

/**
 * Plans the flow. `sinks` must be in the interface's stable order (relation id, then unit number): that order
 * decides failover priorities and which sink the drains forward to.
 *
 * sink_processor=none gives every sink unit a channel of its own, named after the unit (never after its
 * position, so a departure moves no sink onto another channel). Every event is copied into each of them, as
 * optional channels: a dead sink fills only its own channel and never blocks the others (a syslog source
 * cannot push back anyway: an event no channel takes is dropped either way).
 *
 * `retired` units had a channel of their own that is no longer read (the unit departed, or the processor
 * changed): while a sink is available, a drain sink forwards what is left in it to the first sink, so
 * nothing buffered is lost (at least once: another sink may have had its own copy). The main channel, which
 * buffers while no sink is there, is drained the same way under sink_processor=none.
 */
export function planFlow(
  config: Pick<SyslogConfig, 'sourceType' | 'sinkProcessor' | 'batchSize'>,
  sinks: readonly SinkTarget[],
  retired: readonly string[] = [],
): FlowPlan {
  const named = sinks.map((sink) => ({ sink, names: sinkNames(sink.unit) }));
  const seen = new Set<string>();
  for (const { names } of named) {
    if (seen.has(names.sink)) throw new Error(`two sink units map to the Flume name ${names.sink}`);
    seen.add(names.sink);
  }
  const replicating = config.sinkProcessor === 'none' && named.length > 0;
  const toSink = (sink: SinkTarget, name: string, channel: string, drains: string | undefined): PlannedSink => ({
    unit: sink.unit,
    name,
    type: sink.protocol,
    channel,
    hostname: sink.host,
    port: sink.port,
    compression: sink.protocol === 'avro' ? sink.compression : undefined,
    batchSize: Math.min(config.batchSize, sink.maxBatchSize ?? config.batchSize),
    drains,
    // A drain to a TLS unit speaks TLS too: never plaintext towards a sink that asked for TLS.
    tlsCaId: sink.tlsCaId,
  });
  const own = named.map(({ sink, names }) => toSink(sink, names.sink, replicating ? names.channel : MAIN_CHANNEL, undefined));
  const ownUnits = new Set(replicating ? named.map(({ sink }) => sink.unit) : []);
  const stillRetired = [...new Set(retired)].filter((unit) => !ownUnits.has(unit));
  const first = named[0]?.sink;
  const drains: PlannedSink[] = [];
  if (first) {
    if (replicating) drains.push(toSink(first, MAIN_DRAIN, MAIN_CHANNEL, MAIN_CHANNEL));
    for (const unit of stillRetired) {
      const names = sinkNames(unit);
      drains.push(toSink(first, names.drain, names.channel, names.channel));
    }
  }
  const planned = [...own, ...drains];
  const channelNames = [MAIN_CHANNEL, ...planned.map((s) => s.channel)];
  const channels: PlannedChannel[] = [...new Set(channelNames)].map((name) => ({ name }));
  const sourceChannels = replicating ? own.map((s) => s.channel) : [MAIN_CHANNEL];
  const grouped = config.sinkProcessor !== 'none' && own.length > 1;
  const group: PlannedGroup | undefined = grouped
    ? {
        name: SINK_GROUP,
        type: config.sinkProcessor === 'failover' ? 'failover' : 'load_balance',
        sinks: own.map((s) => s.name),
        priorities: config.sinkProcessor === 'failover' ? own.map((s, i) => ({ sink: s.name, priority: TOP_PRIORITY - i })) : [],
      }
    : undefined;
  return {
    sourceType: config.sourceType,
    processor: config.sinkProcessor,
    channels,
    sinks: planned,
    group,
    replicating,
    sourceChannels,
    optionalChannels: replicating ? sourceChannels : [],
    retired: stillRetired,
  };
}

/** The units whose own channel this plan reads (sink_processor=none), or still drains. */
export function planChannelOwners(plan: FlowPlan): string[] {
  const own = plan.replicating ? plan.sinks.filter((s) => s.drains === undefined).map((s) => s.unit) : [];
  return [...own, ...plan.retired];
}

/** The CA bundle ids of the planned TLS sinks, each once: the truststores the rendered flume.conf names. */
export function planTlsCaIds(plan: FlowPlan): string[] {
  return [...new Set(plan.sinks.flatMap((sink) => (sink.tlsCaId === undefined ? [] : [sink.tlsCaId])))];
}
