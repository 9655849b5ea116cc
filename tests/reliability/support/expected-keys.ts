// The key set a rendered flume.conf must have, written from the charms' documented flow shape (README,
// charmcraft.yaml descriptions), not from their templates: a key the template adds, drops or lets a value
// inject shows up as a difference.
import { parseProperties } from '@flume-charms/flume';

const AGENT = 'a1';

export interface SyslogShape {
  readonly sourceType: 'syslogudp' | 'syslogtcp' | 'multiport_syslogtcp';
  readonly channelType: 'file' | 'memory';
  readonly sinkProcessor: 'load_balance' | 'failover' | 'none';
  /** Sink units in the interface's stable order, with their protocol. */
  readonly sinks: ReadonlyArray<{ readonly unit: string; readonly protocol: 'avro' | 'thrift' }>;
}

const slug = (unit: string): string => unit.replace('/', '-');

export function syslogExpectedKeys(shape: SyslogShape): string[] {
  // sink_processor=none (replicating): each sink unit has a channel named after it, and drain-main empties the
  // main channel (what buffered before any sink) into the first sink.
  const replicating = shape.sinkProcessor === 'none' && shape.sinks.length > 0;
  const sinkNames = [...shape.sinks.map((s) => `sink-${slug(s.unit)}`), ...(replicating ? ['drain-main'] : [])];
  const sinkProtocols = [...shape.sinks.map((s) => s.protocol), ...(replicating ? [shape.sinks[0]?.protocol] : [])];
  const grouped = shape.sinkProcessor !== 'none' && shape.sinks.length > 1;
  const channels = ['chan-main', ...(replicating ? shape.sinks.map((s) => `chan-${slug(s.unit)}`) : [])];
  const src = `${AGENT}.sources.syslog`;
  const keys = [`${AGENT}.sources`, `${AGENT}.channels`];
  if (shape.sinks.length > 0) keys.push(`${AGENT}.sinks`);
  if (grouped) keys.push(`${AGENT}.sinkgroups`);
  keys.push(`${src}.type`, `${src}.host`, ...(shape.sourceType === 'multiport_syslogtcp' ? [`${src}.ports`, `${src}.batchSize`] : [`${src}.port`]));
  keys.push(`${src}.keepFields`, `${src}.channels`);
  if (replicating) keys.push(`${src}.selector.type`, `${src}.selector.optional`);
  keys.push(`${src}.interceptors`, `${src}.interceptors.event-dir.type`, `${src}.interceptors.event-dir.key`, `${src}.interceptors.event-dir.value`);
  for (const channel of channels) {
    const c = `${AGENT}.channels.${channel}`;
    keys.push(`${c}.type`, `${c}.capacity`, `${c}.transactionCapacity`);
    // A replica channel refuses at once when full (keep-alive 0), so a dead sink cannot slow the source.
    if (channel !== 'chan-main') keys.push(`${c}.keep-alive`);
    if (shape.channelType === 'file') keys.push(`${c}.checkpointDir`, `${c}.dataDirs`);
  }
  sinkNames.forEach((name, i) => {
    const k = `${AGENT}.sinks.${name}`;
    keys.push(`${k}.type`, `${k}.channel`, `${k}.hostname`, `${k}.port`, `${k}.batch-size`);
    if (sinkProtocols[i] === 'avro') keys.push(`${k}.compression-type`);
  });
  if (grouped) {
    const g = `${AGENT}.sinkgroups.sink-group`;
    keys.push(`${g}.sinks`, `${g}.processor.type`);
    if (shape.sinkProcessor === 'load_balance') keys.push(`${g}.processor.backoff`, `${g}.processor.selector`);
    if (shape.sinkProcessor === 'failover') {
      for (const name of sinkNames) keys.push(`${g}.processor.priority.${name}`);
      keys.push(`${g}.processor.maxpenalty`);
    }
  }
  return keys.sort();
}

export interface HdfsShape {
  readonly protocol: 'avro' | 'thrift';
  readonly compressionType: 'none' | 'deflate';
  readonly sinkType: 'hdfs' | 'file';
  readonly channelType: 'file' | 'memory';
  readonly sinkSerializer: 'text' | 'avro_event';
  /** undefined: uncompressed files. */
  readonly sinkCompression: string | undefined;
}

export function hdfsExpectedKeys(shape: HdfsShape): string[] {
  const keys = [`${AGENT}.sources`, `${AGENT}.channels`, `${AGENT}.sinks`];
  const r = `${AGENT}.sources.r1`;
  keys.push(`${r}.type`, `${r}.channels`, `${r}.bind`, `${r}.port`);
  if (shape.compressionType === 'deflate') keys.push(`${r}.compression-type`);
  const c = `${AGENT}.channels.c1`;
  keys.push(`${c}.type`, `${c}.capacity`, `${c}.transactionCapacity`);
  if (shape.channelType === 'file') keys.push(`${c}.checkpointDir`, `${c}.dataDirs`);
  const k = `${AGENT}.sinks.k1`;
  keys.push(`${k}.type`, `${k}.channel`);
  const avro = shape.sinkSerializer === 'avro_event';
  if (shape.sinkType === 'hdfs') {
    keys.push(`${k}.hdfs.path`, `${k}.hdfs.useLocalTimeStamp`, `${k}.hdfs.fileType`, `${k}.hdfs.writeFormat`);
    // text + codec: the stream is compressed (codeC, and Flume names the files by the codec's extension);
    // avro_event + codec: Avro compresses its blocks (serializer.compressionCodec), the files stay .avro.
    if (shape.sinkCompression !== undefined && !avro) keys.push(`${k}.hdfs.codeC`);
    if (avro || shape.sinkCompression === undefined) keys.push(`${k}.hdfs.fileSuffix`);
    keys.push(`${k}.hdfs.rollCount`, `${k}.hdfs.rollInterval`, `${k}.hdfs.rollSize`, `${k}.hdfs.batchSize`, `${k}.serializer`);
    if (avro && shape.sinkCompression !== undefined) keys.push(`${k}.serializer.compressionCodec`);
  } else {
    keys.push(`${k}.sink.directory`, `${k}.sink.rollInterval`, `${k}.sink.batchSize`, `${k}.sink.serializer`);
    if (avro) keys.push(`${k}.sink.pathManager.extension`);
  }
  return keys.sort();
}

/** The keys of a flume.conf as java.util.Properties (so Flume) reads them, sorted. */
export function flumeKeys(conf: string): string[] {
  return parseProperties(conf).entries.map((e) => e.key).sort();
}

/** The value Flume reads for `key`, or undefined. */
export function flumeValue(conf: string, key: string): string | undefined {
  return parseProperties(conf).entries.find((e) => e.key === key)?.value;
}
