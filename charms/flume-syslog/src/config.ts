// The charm's configuration, parsed from `config-get --all` in one validation pass.
// Every error names its option, so the status reads "Invalid config: OPTION: reason". The options every Flume
// charm has (channel, heap, java, metrics) are validated by packages/flume; this file reads the agent's own.
// No zod here: a handful of hand-written checks keeps the bundle small and the messages exact.
import { OptionError, oneOfOption, showValue, stringOption, validateOptions, workloadOptions } from '@flume-charms/flume';
import type { OptionsResult, RawOptions, WorkloadOptions } from '@flume-charms/flume';

export const SOURCE_TYPES = ['syslogudp', 'syslogtcp', 'multiport_syslogtcp'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const SINK_PROCESSORS = ['load_balance', 'failover', 'none'] as const;
export type SinkProcessor = (typeof SINK_PROCESSORS)[number];

/** The syslog header fields Flume's syslog sources can keep in the body (SyslogUtils). */
export const KEEP_FIELD_NAMES = ['priority', 'version', 'timestamp', 'hostname'] as const;

export interface SyslogConfig extends WorkloadOptions {
  readonly sourceType: SourceType;
  /** One port, or several for multiport_syslogtcp; distinct, in the order given. */
  readonly sourcePorts: readonly number[];
  readonly eventDir: string;
  /** `true`, `false`, or a list of KEEP_FIELD_NAMES, as words for flume.conf. */
  readonly keepFields: readonly string[];
  readonly sinkProcessor: SinkProcessor;
}

/** The transport the source listens on: what open-port and the syslog relation need. */
export function sourceProtocol(config: Pick<SyslogConfig, 'sourceType'>): 'udp' | 'tcp' {
  return config.sourceType === 'syslogudp' ? 'udp' : 'tcp';
}

export type ConfigResult = OptionsResult<SyslogConfig>;

const PORT_WORD = /^[0-9]{1,5}$/;

function parsePorts(raw: RawOptions, sourceType: SourceType): number[] {
  const words = stringOption(raw, 'source_port').trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) throw new OptionError('source_port', 'is empty');
  if (sourceType !== 'multiport_syslogtcp' && words.length > 1) {
    throw new OptionError('source_port', `lists ${words.length} ports; only multiport_syslogtcp listens on several`);
  }
  if (words.length > 64) throw new OptionError('source_port', `lists ${words.length} ports; at most 64`);
  const ports: number[] = [];
  for (const word of words) {
    const port = Number(word);
    if (!PORT_WORD.test(word) || port < 1 || port > 65535) {
      throw new OptionError('source_port', `${showValue(word)} is not a port from 1 to 65535`);
    }
    if (ports.includes(port)) throw new OptionError('source_port', `lists ${port} twice`);
    ports.push(port);
  }
  return ports;
}

// A header value that ends up as part of an HDFS path (%{event_dir}): plain path segments only,
// none starting with a dot (no `..`, no hidden directories), no leading or trailing slash.
const EVENT_DIR = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

function parseEventDir(raw: RawOptions): string {
  const value = stringOption(raw, 'event_dir');
  if (value.length === 0) throw new OptionError('event_dir', 'is empty');
  if (value.length > 128) throw new OptionError('event_dir', `is ${value.length} characters long; at most 128`);
  if (!EVENT_DIR.test(value)) {
    throw new OptionError('event_dir', `${showValue(value)} must be path segments of letters, digits, "_", "." and "-", not starting with "."`);
  }
  return value;
}

function parseKeepFields(raw: RawOptions): string[] {
  const words = stringOption(raw, 'keep_fields').trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 1 && (words[0] === 'true' || words[0] === 'false')) return words;
  if (words.length === 0) throw new OptionError('keep_fields', 'is empty; use true, false or a list of fields');
  const allowed: readonly string[] = KEEP_FIELD_NAMES;
  const unique: string[] = [];
  for (const word of words) {
    if (!allowed.includes(word)) {
      throw new OptionError('keep_fields', `${showValue(word)} is not true, false or one of ${KEEP_FIELD_NAMES.join(', ')}`);
    }
    if (!unique.includes(word)) unique.push(word);
  }
  return unique;
}

/** Parses every option; the first invalid one (in this order) is the error. */
export function parseConfig(raw: RawOptions): ConfigResult {
  return validateOptions((): SyslogConfig => {
    const sourceType = oneOfOption(raw, 'source_type', SOURCE_TYPES);
    const sourcePorts = parsePorts(raw, sourceType);
    const eventDir = parseEventDir(raw);
    const keepFields = parseKeepFields(raw);
    const sinkProcessor = oneOfOption(raw, 'sink_processor', SINK_PROCESSORS);
    const workload = workloadOptions(raw);
    if (sourcePorts.includes(workload.metricsPort)) {
      throw new OptionError('metrics_port', `${workload.metricsPort} is also a source_port`);
    }
    return { sourceType, sourcePorts, eventDir, keepFields, sinkProcessor, ...workload };
  });
}
