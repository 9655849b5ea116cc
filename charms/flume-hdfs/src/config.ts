// The charm's typed configuration: one validation pass over config-get's answer. Every problem names the
// option, so the unit can say exactly what to fix: blocked "Invalid config: OPTION: reason". The options every
// Flume charm has (channel, heap, java, metrics) are validated by packages/flume; this file reads the sink's own.
import { intOption, OptionError, oneOfOption, showValue, stringOption, validateOptions, workloadOptions } from '@flume-charms/flume';
import type { RawOptions, WorkloadOptions } from '@flume-charms/flume';

export const PROTOCOLS = ['avro', 'thrift'] as const;
export const COMPRESSION_TYPES = ['none', 'deflate'] as const;
export const SINK_TYPES = ['hdfs', 'file'] as const;
export const SINK_SERIALIZERS = ['text', 'avro_event'] as const;
/**
 * hdfs.codeC values whose codec ships with Hadoop. The user guide also lists lzo and lzop, but their codecs
 * come from the separate GPL hadoop-lzo jar: without it, Flume drops the HDFS sink at load and events stall.
 */
export const SINK_CODECS = ['gzip', 'bzip2', 'snappy'] as const;
/** Codecs that need a jar Hadoop does not ship (refused with that reason, not as an unknown value). */
const UNSHIPPED_CODECS = ['lzo', 'lzop'] as const;
/** The codecs of SINK_CODECS that Avro itself supports (avro_event compresses its blocks). */
export const AVRO_CODECS = ['snappy', 'bzip2'] as const;

export type Protocol = (typeof PROTOCOLS)[number];
export type CompressionType = (typeof COMPRESSION_TYPES)[number];
export type SinkType = (typeof SINK_TYPES)[number];
export type SinkSerializer = (typeof SINK_SERIALIZERS)[number];
export type SinkCodec = (typeof SINK_CODECS)[number];

export interface SinkConfig extends WorkloadOptions {
  readonly sourcePort: number;
  readonly protocol: Protocol;
  readonly compressionType: CompressionType;
  readonly sinkType: SinkType;
  readonly hdfsPath: string;
  readonly rollCount: number;
  readonly rollInterval: number;
  /** Bytes; a string option because sizes can exceed a 32-bit int. */
  readonly rollSize: number;
  /** undefined: uncompressed. */
  readonly sinkCompression: SinkCodec | undefined;
  readonly sinkSerializer: SinkSerializer;
  readonly dfsReplication: number;
  /** The certificates relation removed: back to plaintext (true), or keep TLS and stay blocked (false). */
  readonly tlsAllowPlaintext: boolean;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: SinkConfig }
  | { readonly ok: false; readonly option: string; readonly reason: string };

/** A path or URI without whitespace, control characters, backslashes, property syntax or `${`. */
const HDFS_PATH = /^(?:[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9._\-[\]:@]*)?\/[^\s\\#!=:$]*$/;
const MAX_PATH = 1024;

function hdfsPath(raw: RawOptions): string {
  const value = stringOption(raw, 'hdfs_path');
  if (value.length > MAX_PATH) throw new OptionError('hdfs_path', `longer than ${MAX_PATH} characters`);
  // `=`, `:` (outside the scheme), `#`, `!`, `$` and `\` are legal in HDFS names but are property-file or
  // Flume-substitution syntax; refusing them keeps the value one plain token.
  if (!HDFS_PATH.test(value) || /[\u0000-\u001f\u007f-\u009f]/.test(value)) {
    throw new OptionError('hdfs_path', `${showValue(value)} is not an absolute path or URI without spaces, \\, #, !, =, : or $`);
  }
  return value;
}

function rollSize(raw: RawOptions): number {
  const value = raw.roll_size;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,17})$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new OptionError('roll_size', `${showValue(value)} is not a whole number of bytes`);
  }
  return Number(text);
}

function sinkCompression(raw: RawOptions): SinkCodec | undefined {
  const value = raw.sink_compression ?? '';
  if (value === '') return undefined;
  if (typeof value === 'string' && (SINK_CODECS as readonly string[]).includes(value)) return value as SinkCodec;
  if (typeof value === 'string' && (UNSHIPPED_CODECS as readonly string[]).includes(value)) {
    throw new OptionError('sink_compression', `${value} needs the hadoop-lzo codec, which Hadoop does not ship; use ${SINK_CODECS.join(', ')}`);
  }
  throw new OptionError('sink_compression', `${showValue(value)} is not empty or one of ${SINK_CODECS.join(', ')}`);
}

/**
 * file_roll rolls on time only and cannot compress: a count or a codec asked for would be silently ignored,
 * so they are refused. roll_size is not: its default is non-zero, and refusing it would block every
 * sink_type=file deployment; it is documented as HDFS-only instead.
 */
function refuseHdfsOnlyOptions(rollCount: number, codec: SinkCodec | undefined): void {
  if (codec !== undefined) throw new OptionError('sink_compression', `sink_type=file cannot compress (${codec}); leave it empty, or use sink_type=hdfs`);
  if (rollCount !== 0) throw new OptionError('roll_count', `sink_type=file rolls on roll_interval only; set 0, or use sink_type=hdfs`);
}

/** A boolean option (Juju sends a boolean; its text "true"/"false" is taken too, as numbers are elsewhere). */
function boolOption(raw: RawOptions, option: string): boolean {
  const value = raw[option];
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new OptionError(option, value === null || value === undefined ? 'is not set' : `${showValue(value)} is not true or false`);
}

function parse(raw: RawOptions): SinkConfig {
  const sourcePort = intOption(raw, 'source_port', 1, 65535);
  const protocol = oneOfOption(raw, 'protocol', PROTOCOLS);
  const compressionType = oneOfOption(raw, 'compression_type', COMPRESSION_TYPES);
  if (protocol === 'thrift' && compressionType !== 'none') {
    throw new OptionError('compression_type', 'the thrift source has no compression; use none, or protocol=avro');
  }
  const sinkType = oneOfOption(raw, 'sink_type', SINK_TYPES);
  const path = hdfsPath(raw);
  const rollCount = intOption(raw, 'roll_count', 0, Number.MAX_SAFE_INTEGER);
  const rollInterval = intOption(raw, 'roll_interval', 0, Number.MAX_SAFE_INTEGER);
  const size = rollSize(raw);
  const codec = sinkCompression(raw);
  const sinkSerializer = oneOfOption(raw, 'sink_serializer', SINK_SERIALIZERS);
  if (sinkSerializer === 'avro_event' && codec !== undefined && !(AVRO_CODECS as readonly string[]).includes(codec)) {
    // avro_event compresses inside the Avro container (serializer.compressionCodec), so the files stay .avro.
    throw new OptionError('sink_compression', `${codec} cannot compress avro_event files; use ${AVRO_CODECS.join(' or ')}`);
  }
  if (sinkType === 'file') refuseHdfsOnlyOptions(rollCount, codec);
  const dfsReplication = intOption(raw, 'dfs_replication', 1, 512);
  const workload = workloadOptions(raw);
  if (workload.metricsPort === sourcePort) throw new OptionError('metrics_port', `${workload.metricsPort} is also the source_port`);
  const tlsAllowPlaintext = boolOption(raw, 'tls_allow_plaintext');
  return {
    sourcePort,
    protocol,
    compressionType,
    sinkType,
    hdfsPath: path,
    rollCount,
    rollInterval,
    rollSize: size,
    sinkCompression: codec,
    sinkSerializer,
    dfsReplication,
    ...workload,
    tlsAllowPlaintext,
  };
}

/** Validates config-get's answer. The first problem wins, in the order of charmcraft.yaml's options. */
export function parseConfig(raw: RawOptions): ConfigResult {
  const result = validateOptions(() => parse(raw));
  return result.ok ? result : { ok: false, option: result.error.option, reason: result.error.reason };
}

/** What the sink publishes over flume-agent; a change of any of these must reach the agents. */
export interface PublishedSettings {
  readonly port: number;
  readonly protocol: Protocol;
  readonly compression: CompressionType;
  /**
   * The largest batch the source accepts: Flume's Avro and Thrift sources put a whole RPC batch into the
   * channel in one transaction, so a batch above channel_transaction_capacity is refused every time.
   */
  readonly maxBatchSize: number;
}

export function publishedSettings(config: SinkConfig): PublishedSettings {
  return {
    port: config.sourcePort,
    protocol: config.protocol,
    compression: config.compressionType,
    maxBatchSize: config.channelTransactionCapacity,
  };
}
