// The charm's configuration, parsed from `config-get --all` in one validation pass.
// Every error names its option, so the status reads "Invalid config: OPTION: reason".
// No zod here: a handful of hand-written checks keeps the bundle small and the messages exact.

export const SOURCE_TYPES = ['syslogudp', 'syslogtcp', 'multiport_syslogtcp'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const SINK_PROCESSORS = ['load_balance', 'failover', 'none'] as const;
export type SinkProcessor = (typeof SINK_PROCESSORS)[number];

export const CHANNEL_TYPES = ['file', 'memory'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The syslog header fields Flume's syslog sources can keep in the body (SyslogUtils). */
export const KEEP_FIELD_NAMES = ['priority', 'version', 'timestamp', 'hostname'] as const;

export interface SyslogConfig {
  readonly sourceType: SourceType;
  /** One port, or several for multiport_syslogtcp; distinct, in the order given. */
  readonly sourcePorts: readonly number[];
  readonly eventDir: string;
  /** `true`, `false`, or a list of KEEP_FIELD_NAMES, as words for flume.conf. */
  readonly keepFields: readonly string[];
  readonly sinkProcessor: SinkProcessor;
  readonly channelType: ChannelType;
  readonly channelCapacity: number;
  readonly channelTransactionCapacity: number;
  readonly batchSize: number;
  readonly heapSize: string;
  readonly javaPackage: string;
  readonly metricsPort: number;
}

/** The transport the source listens on: what open-port and the syslog relation need. */
export function sourceProtocol(config: Pick<SyslogConfig, 'sourceType'>): 'udp' | 'tcp' {
  return config.sourceType === 'syslogudp' ? 'udp' : 'tcp';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`${option}: ${reason}`);
  }
}

export type ConfigResult = { readonly ok: true; readonly config: SyslogConfig } | { readonly ok: false; readonly error: ConfigError };

type RawConfig = Readonly<Record<string, unknown>>;

/** Shows a bad value briefly and safely (quoted, one line, truncated) for a status message. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function stringOption(raw: RawConfig, option: string): string {
  const value = raw[option];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new ConfigError(option, value === null || value === undefined ? 'is not set' : `${showValue(value)} is not a string`);
}

function oneOf<T extends string>(raw: RawConfig, option: string, allowed: readonly T[]): T {
  const value = stringOption(raw, option).trim();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(option, `${showValue(value)} is not one of ${allowed.join(', ')}`);
}

function intOption(raw: RawConfig, option: string, min: number, max: number): number {
  const value = raw[option];
  const number = typeof value === 'string' && /^-?[0-9]+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new ConfigError(option, value === null || value === undefined ? 'is not set' : `${showValue(value)} is not an integer`);
  }
  if (number < min || number > max) throw new ConfigError(option, `${number} is not between ${min} and ${max}`);
  return number;
}

const PORT_WORD = /^[0-9]{1,5}$/;

function parsePorts(raw: RawConfig, sourceType: SourceType): number[] {
  const words = stringOption(raw, 'source_port').trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) throw new ConfigError('source_port', 'is empty');
  if (sourceType !== 'multiport_syslogtcp' && words.length > 1) {
    throw new ConfigError('source_port', `lists ${words.length} ports; only multiport_syslogtcp listens on several`);
  }
  if (words.length > 64) throw new ConfigError('source_port', `lists ${words.length} ports; at most 64`);
  const ports: number[] = [];
  for (const word of words) {
    const port = Number(word);
    if (!PORT_WORD.test(word) || port < 1 || port > 65535) {
      throw new ConfigError('source_port', `${showValue(word)} is not a port from 1 to 65535`);
    }
    if (ports.includes(port)) throw new ConfigError('source_port', `lists ${port} twice`);
    ports.push(port);
  }
  return ports;
}

// A header value that ends up as part of an HDFS path (%{event_dir}): plain path segments only,
// none starting with a dot (no `..`, no hidden directories), no leading or trailing slash.
const EVENT_DIR = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

function parseEventDir(raw: RawConfig): string {
  const value = stringOption(raw, 'event_dir');
  if (value.length === 0) throw new ConfigError('event_dir', 'is empty');
  if (value.length > 128) throw new ConfigError('event_dir', `is ${value.length} characters long; at most 128`);
  if (!EVENT_DIR.test(value)) {
    throw new ConfigError('event_dir', `${showValue(value)} must be path segments of letters, digits, "_", "." and "-", not starting with "."`);
  }
  return value;
}

function parseKeepFields(raw: RawConfig): string[] {
  const words = stringOption(raw, 'keep_fields').trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 1 && (words[0] === 'true' || words[0] === 'false')) return words;
  if (words.length === 0) throw new ConfigError('keep_fields', 'is empty; use true, false or a list of fields');
  const allowed: readonly string[] = KEEP_FIELD_NAMES;
  const unique: string[] = [];
  for (const word of words) {
    if (!allowed.includes(word)) {
      throw new ConfigError('keep_fields', `${showValue(word)} is not true, false or one of ${KEEP_FIELD_NAMES.join(', ')}`);
    }
    if (!unique.includes(word)) unique.push(word);
  }
  return unique;
}

const HEAP_SIZE = /^[1-9][0-9]{0,6}[kKmMgG]$/;
const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;

/** Parses every option; the first invalid one (in this order) is the error. */
export function parseConfig(raw: RawConfig): ConfigResult {
  try {
    const sourceType = oneOf(raw, 'source_type', SOURCE_TYPES);
    const sourcePorts = parsePorts(raw, sourceType);
    const eventDir = parseEventDir(raw);
    const keepFields = parseKeepFields(raw);
    const sinkProcessor = oneOf(raw, 'sink_processor', SINK_PROCESSORS);
    const channelType = oneOf(raw, 'channel_type', CHANNEL_TYPES);
    const channelCapacity = intOption(raw, 'channel_capacity', 1, 2_147_483_647);
    const channelTransactionCapacity = intOption(raw, 'channel_transaction_capacity', 1, 2_147_483_647);
    if (channelTransactionCapacity > channelCapacity) {
      throw new ConfigError('channel_transaction_capacity', `${channelTransactionCapacity} is greater than channel_capacity ${channelCapacity}`);
    }
    const batchSize = intOption(raw, 'batch_size', 1, 2_147_483_647);
    if (batchSize > channelTransactionCapacity) {
      throw new ConfigError('batch_size', `${batchSize} is greater than channel_transaction_capacity ${channelTransactionCapacity}`);
    }
    const heapSize = stringOption(raw, 'heap_size').trim();
    if (!HEAP_SIZE.test(heapSize)) throw new ConfigError('heap_size', `${showValue(heapSize)} is not a size such as 256m or 1g`);
    const javaPackage = stringOption(raw, 'java_package').trim();
    if (!DEBIAN_PACKAGE.test(javaPackage) || javaPackage.length > 100) {
      throw new ConfigError('java_package', `${showValue(javaPackage)} is not a Debian package name`);
    }
    const metricsPort = intOption(raw, 'metrics_port', 1, 65535);
    if (sourcePorts.includes(metricsPort)) {
      throw new ConfigError('metrics_port', `${metricsPort} is also a source_port`);
    }
    return {
      ok: true,
      config: {
        sourceType,
        sourcePorts,
        eventDir,
        keepFields,
        sinkProcessor,
        channelType,
        channelCapacity,
        channelTransactionCapacity,
        batchSize,
        heapSize,
        javaPackage,
        metricsPort,
      },
    };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, error };
    throw error;
  }
}
