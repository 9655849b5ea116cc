// Throughput and durability settings the charms render, with the Flume default they replace and why.
// Sources: Flume User Guide (flume-ng-doc/sphinx/FlumeUserGuide.rst, rel/1.10.1) and the Flume sources.
// Charm config defaults (charmcraft.yaml) use these values; issue 8's documentation prints this table.

export interface DefaultSetting {
  /** Charm config option, when one controls it. */
  readonly option?: string;
  /** The Flume property (or JVM option) it renders to. */
  readonly property: string;
  readonly value: string;
  /** What Flume would use without it. */
  readonly flumeDefault: string;
  readonly appliesTo: 'both' | 'flume-hdfs' | 'flume-syslog';
  readonly reason: string;
}

export const RENDERED_DEFAULTS: readonly DefaultSetting[] = [
  {
    option: 'channel_type',
    property: 'channels.CHANNEL.type',
    value: 'file',
    flumeDefault: '(none: type is required)',
    appliesTo: 'both',
    reason:
      'The user guide: durable channels persist data to disk and survive restarts; the memory channel loses ' +
      'what it holds when the agent stops. Accepted events must survive a restart of either charm.',
  },
  {
    option: 'channel_capacity',
    property: 'channels.CHANNEL.capacity',
    value: '100000',
    flumeDefault: '1000000 (file), 100 (memory)',
    appliesTo: 'both',
    reason:
      'The buffer while the next hop is down. 100k events ride out minutes of sink outage at moderate rates, ' +
      'while bounding disk use and the log replay a file channel does on start.',
  },
  {
    option: 'channel_transaction_capacity',
    property: 'channels.CHANNEL.transactionCapacity',
    value: '1000',
    flumeDefault: '10000 (file), 100 (memory)',
    appliesTo: 'both',
    reason:
      'Must be at least the sink batch size (a take larger than it fails) and at most capacity; equal to the ' +
      'batch size keeps one batch per transaction.',
  },
  {
    option: 'batch_size',
    property: 'sinks.SINK.hdfs.batchSize',
    value: '1000',
    flumeDefault: '100',
    appliesTo: 'flume-hdfs',
    reason:
      'Events written to a file before it is flushed to HDFS. Each flush is an HDFS round trip and each ' +
      'file-channel commit an fsync; the guide notes file channels need batching to perform well.',
  },
  {
    option: 'batch_size',
    property: 'sinks.SINK.batch-size',
    value: '1000',
    flumeDefault: '100',
    appliesTo: 'flume-syslog',
    reason:
      'Events per Avro RPC to the flume-hdfs unit: fewer round trips and fewer file-channel commits on both sides. ' +
      'Capped per sink unit at the max-batch-size it publishes (its transactionCapacity): a bigger batch is refused.',
  },
  {
    property: 'sources.SOURCE.batchSize',
    value: 'min(100, channel_transaction_capacity) (multiport_syslogtcp)',
    flumeDefault: '100',
    appliesTo: 'flume-syslog',
    reason:
      'Flume removes a source whose batch exceeds its channel\'s transactionCapacity at load: the default, kept ' +
      'within the capacity, so a small channel_transaction_capacity never silently loses the syslog source.',
  },
  {
    property: 'channels.CHANNEL.keep-alive',
    value: '0 (the per-unit channels of sink_processor=none)',
    flumeDefault: '3 (seconds a put waits for space)',
    appliesTo: 'flume-syslog',
    reason:
      'The source writes every replica channel in turn: with the default, each event waits 3 s on a dead sink\'s ' +
      'full channel and every sink starves. A full replica channel refuses at once; a syslog source cannot wait anyway.',
  },
  {
    property: 'channels.CHANNEL.checkpointInterval',
    value: '30000',
    flumeDefault: '30000',
    appliesTo: 'both',
    reason: 'Kept at the guide default: a shorter interval costs I/O, a longer one lengthens replay after a crash.',
  },
  {
    property: 'channels.CHANNEL.checkpointDir / dataDirs',
    value: '/var/lib/flume/APP/channels/CHANNEL/{checkpoint,data} (or the channel-data storage)',
    flumeDefault: '~/.flume/file-channel/{checkpoint,data}',
    appliesTo: 'both',
    reason:
      'The guide warns that several file channels on the default paths lock each other out; the service ' +
      'cannot write $HOME anyway (ProtectHome). Per-app, per-channel paths, on the storage when attached.',
  },
  {
    option: 'heap_size',
    property: 'JAVA_OPTS -Xms/-Xmx',
    value: '512m (flume-hdfs), 256m (flume-syslog)',
    flumeDefault: '-Xmx20m (bin/flume-ng)',
    appliesTo: 'both',
    reason:
      "bin/flume-ng's 20 MB heap cannot hold a file channel's in-memory queue and HDFS client buffers; the " +
      'guide\'s flume-env.sh template suggests setting JAVA_OPTS. -Xms = -Xmx avoids resizing pauses.',
  },
  {
    property: 'sinks.SINK.hdfs.useLocalTimeStamp',
    value: 'true',
    flumeDefault: 'false',
    appliesTo: 'flume-hdfs',
    reason:
      'Date escapes in hdfs.path need a timestamp header; syslog events without one would fail the sink for ' +
      'ever. The guide: use the local time instead of the timestamp from the event header.',
  },
  {
    option: 'roll_interval / roll_size / roll_count',
    property: 'sinks.SINK.hdfs.rollInterval / rollSize / rollCount',
    value: '300 / 10000000 / 0',
    flumeDefault: '30 / 1024 / 10',
    appliesTo: 'flume-hdfs',
    reason:
      'The original charm defaults: Flume\'s would create a new HDFS file every 10 events or 1 KB, flooding ' +
      'the namenode with small files.',
  },
  {
    option: 'metrics_port',
    property: '-Dflume.monitoring.type=http -Dflume.monitoring.port',
    value: '34545 (flume-hdfs), 34546 (flume-syslog)',
    flumeDefault: '(monitoring off)',
    appliesTo: 'both',
    reason:
      'JSON reporting at http://127.0.0.1:PORT/metrics, read by update-status and the metrics action; one port ' +
      'per application so both charms can share a machine (the guide\'s example port is 34545).',
  },
];
