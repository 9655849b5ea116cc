// The charm's typed configuration: one validation pass over config-get's answer. Every problem names the
// option, so the unit can say exactly what to fix: blocked "Invalid config: OPTION: reason".

export const PROTOCOLS = ['avro', 'thrift'] as const;
export const COMPRESSION_TYPES = ['none', 'deflate'] as const;
export const SINK_TYPES = ['hdfs', 'file'] as const;
export const SINK_SERIALIZERS = ['text', 'avro_event'] as const;
/** hdfs.codeC values the Flume user guide lists for the HDFS sink. */
export const SINK_CODECS = ['gzip', 'bzip2', 'lzo', 'lzop', 'snappy'] as const;
/** The codecs of SINK_CODECS that Avro itself supports (avro_event compresses its blocks). */
export const AVRO_CODECS = ['snappy', 'bzip2'] as const;
export const CHANNEL_TYPES = ['file', 'memory'] as const;

export type Protocol = (typeof PROTOCOLS)[number];
export type CompressionType = (typeof COMPRESSION_TYPES)[number];
export type SinkType = (typeof SINK_TYPES)[number];
export type SinkSerializer = (typeof SINK_SERIALIZERS)[number];
export type SinkCodec = (typeof SINK_CODECS)[number];
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface SinkConfig {
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
  readonly channelType: ChannelType;
  readonly channelCapacity: number;
  readonly channelTransactionCapacity: number;
  readonly batchSize: number;
  readonly heapSize: string;
  readonly javaPackage: string;
  readonly metricsPort: number;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: SinkConfig }
  | { readonly ok: false; readonly option: string; readonly reason: string };

/** Raised inside parsing; never escapes parseConfig. */
class OptionError extends Error {
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`${option}: ${reason}`);
  }
}

type Raw = Readonly<Record<string, unknown>>;

/** Shown in a status: JSON-quoted (so escaped) and truncated. */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

function int(raw: Raw, option: string, min: number, max: number): number {
  const value = raw[option];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new OptionError(option, `${quote(value)} is not an integer`);
  }
  if (value < min || value > max) throw new OptionError(option, `${value} is out of range ${min}-${max}`);
  return value;
}

function oneOf<T extends string>(raw: Raw, option: string, allowed: readonly T[]): T {
  const value = raw[option];
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(option, `${quote(value)} is not one of ${allowed.join(', ')}`);
}

function str(raw: Raw, option: string): string {
  const value = raw[option];
  if (typeof value !== 'string') throw new OptionError(option, `${quote(value)} is not a string`);
  return value;
}

const HEAP_SIZE = /^[1-9][0-9]{0,6}[kKmMgG]$/;
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]{1,99}$/;
/** A path or URI without whitespace, control characters, backslashes, property syntax or `${`. */
const HDFS_PATH = /^(?:[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9._\-[\]:@]*)?\/[^\s\\#!=:$]*$/;
const MAX_PATH = 1024;

function hdfsPath(raw: Raw): string {
  const value = str(raw, 'hdfs_path');
  if (value.length > MAX_PATH) throw new OptionError('hdfs_path', `longer than ${MAX_PATH} characters`);
  // `=`, `:` (outside the scheme), `#`, `!`, `$` and `\` are legal in HDFS names but are property-file or
  // Flume-substitution syntax; refusing them keeps the value one plain token.
  if (!HDFS_PATH.test(value) || /[\u0000-\u001f\u007f-\u009f]/.test(value)) {
    throw new OptionError('hdfs_path', `${quote(value)} is not an absolute path or URI without spaces, \\, #, !, =, : or $`);
  }
  return value;
}

function rollSize(raw: Raw): number {
  const value = raw.roll_size;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]{0,17})$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new OptionError('roll_size', `${quote(value)} is not a whole number of bytes`);
  }
  return Number(text);
}

function sinkCompression(raw: Raw): SinkCodec | undefined {
  const value = raw.sink_compression ?? '';
  if (value === '') return undefined;
  if (typeof value === 'string' && (SINK_CODECS as readonly string[]).includes(value)) return value as SinkCodec;
  throw new OptionError('sink_compression', `${quote(value)} is not empty or one of ${SINK_CODECS.join(', ')}`);
}

function parse(raw: Raw): SinkConfig {
  const sourcePort = int(raw, 'source_port', 1, 65535);
  const protocol = oneOf(raw, 'protocol', PROTOCOLS);
  const compressionType = oneOf(raw, 'compression_type', COMPRESSION_TYPES);
  if (protocol === 'thrift' && compressionType !== 'none') {
    throw new OptionError('compression_type', 'the thrift source has no compression; use none, or protocol=avro');
  }
  const sinkType = oneOf(raw, 'sink_type', SINK_TYPES);
  const path = hdfsPath(raw);
  const rollCount = int(raw, 'roll_count', 0, Number.MAX_SAFE_INTEGER);
  const rollInterval = int(raw, 'roll_interval', 0, Number.MAX_SAFE_INTEGER);
  const size = rollSize(raw);
  const codec = sinkCompression(raw);
  const sinkSerializer = oneOf(raw, 'sink_serializer', SINK_SERIALIZERS);
  if (sinkSerializer === 'avro_event' && codec !== undefined && !(AVRO_CODECS as readonly string[]).includes(codec)) {
    // avro_event compresses inside the Avro container (serializer.compressionCodec), so the files stay .avro.
    throw new OptionError('sink_compression', `${codec} cannot compress avro_event files; use ${AVRO_CODECS.join(' or ')}`);
  }
  const dfsReplication = int(raw, 'dfs_replication', 1, 512);
  const channelType = oneOf(raw, 'channel_type', CHANNEL_TYPES);
  const channelCapacity = int(raw, 'channel_capacity', 1, 1_000_000_000);
  const channelTransactionCapacity = int(raw, 'channel_transaction_capacity', 1, 1_000_000_000);
  if (channelTransactionCapacity > channelCapacity) {
    throw new OptionError(
      'channel_transaction_capacity',
      `${channelTransactionCapacity} is greater than channel_capacity ${channelCapacity}`,
    );
  }
  const batchSize = int(raw, 'batch_size', 1, 1_000_000_000);
  if (batchSize > channelTransactionCapacity) {
    throw new OptionError('batch_size', `${batchSize} is greater than channel_transaction_capacity ${channelTransactionCapacity}`);
  }
  const heapSize = str(raw, 'heap_size');
  if (!HEAP_SIZE.test(heapSize)) throw new OptionError('heap_size', `${quote(heapSize)} is not a size such as 512m or 2g`);
  const javaPackage = str(raw, 'java_package');
  if (!APT_PACKAGE.test(javaPackage)) throw new OptionError('java_package', `${quote(javaPackage)} is not an apt package name`);
  const metricsPort = int(raw, 'metrics_port', 1, 65535);
  if (metricsPort === sourcePort) throw new OptionError('metrics_port', `${metricsPort} is also the source_port`);
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
    channelType,
    channelCapacity,
    channelTransactionCapacity,
    batchSize,
    heapSize,
    javaPackage,
    metricsPort,
  };
}

/** Validates config-get's answer. The first problem wins, in the order of charmcraft.yaml's options. */
export function parseConfig(raw: Raw): ConfigResult {
  try {
    return { ok: true, config: parse(raw) };
  } catch (error) {
    if (error instanceof OptionError) return { ok: false, option: error.option, reason: error.reason };
    throw error;
  }
}

/** The options whose change must reach the agents (they are published over flume-agent). */
export function publishedSettings(config: SinkConfig): { port: number; protocol: Protocol; compression: CompressionType } {
  return { port: config.sourcePort, protocol: config.protocol, compression: config.compressionType };
}
