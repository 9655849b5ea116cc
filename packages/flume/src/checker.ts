import { parseProperties } from './properties-parse';

// Validates a rendered flume.conf before it may replace the running one. Flume does not fail on a bad
// configuration: FlumeConfiguration drops properties, components and whole agents with only a log warning,
// and AbstractConfigurationProvider removes components that fail to connect. Each rule below names the
// behaviour it guards against (see apache/logging-flume FlumeConfiguration.java and
// AbstractConfigurationProvider.java). Errors are in file order, root causes first; errors[0] is a status.

export interface CheckError {
  /** `flume.conf`, `agent a1`, `source r1`, `channel c1`, `sink k1`, `sinkgroup g1`. */
  readonly component: string;
  readonly message: string;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly errors: readonly CheckError[];
}

type Kind = 'source' | 'channel' | 'sink' | 'sinkgroup';
const LIST_KEYS: Record<string, Kind> = { sources: 'source', channels: 'channel', sinks: 'sink', sinkgroups: 'sinkgroup' };
const PREFIXES: ReadonlyArray<readonly [string, Kind]> = [
  ['sources.', 'source'],
  ['channels.', 'channel'],
  ['sinks.', 'sink'],
  ['sinkgroups.', 'sinkgroup'],
];

/** Fully qualified class names Flume also accepts as `type`, mapped to their aliases. */
const CLASS_ALIASES: Record<string, string> = {
  'org.apache.flume.source.avrosource': 'avro',
  'org.apache.flume.source.thriftsource': 'thrift',
  'org.apache.flume.source.syslogtcpsource': 'syslogtcp',
  'org.apache.flume.source.syslogudpsource': 'syslogudp',
  'org.apache.flume.source.multiportsyslogtcpsource': 'multiport_syslogtcp',
  'org.apache.flume.sink.avrosink': 'avro',
  'org.apache.flume.sink.thriftsink': 'thrift',
  'org.apache.flume.sink.hdfs.hdfseventsink': 'hdfs',
  'org.apache.flume.sink.rollingfilesink': 'file_roll',
  'org.apache.flume.sink.loggersink': 'logger',
  'org.apache.flume.channel.memorychannel': 'memory',
  'org.apache.flume.channel.file.filechannel': 'file',
};

/** Keys without which a component fails to start (or, for the file channel, writes into $HOME). */
const REQUIRED_KEYS: Record<'source' | 'sink' | 'channel', Record<string, readonly string[]>> = {
  source: {
    // Flume 1.10+ binds syslog sources to `host` and fails without it.
    syslogtcp: ['host', 'port'],
    syslogudp: ['host', 'port'],
    multiport_syslogtcp: ['ports'],
    avro: ['bind', 'port'],
    thrift: ['bind', 'port'],
  },
  sink: {
    avro: ['hostname', 'port'],
    thrift: ['hostname', 'port'],
    hdfs: ['hdfs.path'],
    file_roll: ['sink.directory'],
  },
  channel: {
    // Defaults are under ~/.flume, which the service cannot write (ProtectHome) and two channels would share.
    file: ['checkpointDir', 'dataDirs'],
  },
};

/** Channel defaults from the Flume user guide (rel/1.10.1): capacity, transactionCapacity. */
const CHANNEL_DEFAULTS: Record<string, { capacity: number; transactionCapacity: number }> = {
  memory: { capacity: 100, transactionCapacity: 100 },
  file: { capacity: 1_000_000, transactionCapacity: 10_000 },
};

/** The batch-size key of each sink type, and its default. */
const SINK_BATCH: Record<string, { key: string; default: number }> = {
  hdfs: { key: 'hdfs.batchSize', default: 100 },
  avro: { key: 'batch-size', default: 100 },
  thrift: { key: 'batch-size', default: 100 },
  file_roll: { key: 'sink.batchSize', default: 100 },
};

interface Component {
  readonly kind: Kind;
  readonly name: string;
  readonly line: number;
  readonly props: Map<string, string>;
}

export function checkFlumeConfig(text: string, agent: string): CheckResult {
  const errors: CheckError[] = [];
  const report = (component: string, message: string): void => {
    errors.push({ component, message });
  };
  const parsed = parseProperties(text);
  for (const e of parsed.errors) report('flume.conf', `line ${e.line}: ${e.message} (Flume cannot load the file)`);

  const lists = new Map<Kind, { names: string[]; line: number }>();
  const components = new Map<string, Component>(); // `${kind}:${name}`
  const seenKeys = new Map<string, number>();

  for (const entry of parsed.entries) {
    const key = entry.key.trim();
    const value = entry.value.trim();
    const at = `line ${entry.line}`;
    const previous = seenKeys.get(key);
    if (previous !== undefined) {
      report('flume.conf', `${at}: duplicate key ${key} (also line ${previous}; Properties keeps only the last)`);
      continue;
    }
    seenKeys.set(key, entry.line);
    if (value === '') {
      report('flume.conf', `${at}: ${key} has an empty value (Flume ignores it)`);
      continue;
    }
    const dot = key.indexOf('.');
    if (dot <= 0 || key.slice(0, dot) !== agent) {
      report('flume.conf', `${at}: ${key} is not a property of agent ${agent} (Flume ignores it)`);
      continue;
    }
    const configKey = key.slice(dot + 1);
    const listKind = LIST_KEYS[configKey];
    if (listKind) {
      const names = value.split(/\s+/);
      const duplicate = names.find((n, i) => names.indexOf(n) !== i);
      if (duplicate !== undefined) report(`agent ${agent}`, `${configKey} lists ${duplicate} twice`);
      lists.set(listKind, { names: [...new Set(names)], line: entry.line });
      continue;
    }
    const parsedKey = componentKey(configKey);
    if (!parsedKey) {
      report('flume.conf', `${at}: ${key} is not a sources/channels/sinks/sinkgroups property (Flume ignores it)`);
      continue;
    }
    const id = `${parsedKey.kind}:${parsedKey.name}`;
    let component = components.get(id);
    if (!component) {
      component = { kind: parsedKey.kind, name: parsedKey.name, line: entry.line, props: new Map() };
      components.set(id, component);
    }
    component.props.set(parsedKey.configKey, value);
  }

  const listed = (kind: Kind): string[] => lists.get(kind)?.names ?? [];
  const get = (kind: Kind, name: string): Component | undefined => components.get(`${kind}:${name}`);

  // FlumeConfiguration.isValid: an agent without channels is removed entirely.
  if (listed('channel').length === 0) report(`agent ${agent}`, `no channels listed (${agent}.channels); Flume drops the agent`);
  if (listed('source').length === 0 && listed('sink').length === 0) {
    report(`agent ${agent}`, `no sources or sinks listed; Flume drops the agent`);
  }

  // Properties of components that no list names are kept in a context nobody reads.
  for (const component of components.values()) {
    if (!listed(component.kind).includes(component.name)) {
      report(`${component.kind} ${component.name}`, `line ${component.line}: properties for ${component.kind} ${component.name}, which ${agent}.${pluralOf(component.kind)} does not list (Flume ignores them)`);
    }
  }

  // validateChannels: listed without properties or without type -> removed.
  const channelTx = new Map<string, number>();
  for (const name of listed('channel')) {
    const channel = get('channel', name);
    const type = componentType(channel, `channel ${name}`, report);
    if (!channel || type === undefined) continue;
    requireKeys(channel, type, report);
    const defaults = CHANNEL_DEFAULTS[type];
    if (defaults) {
      const capacity = positiveInt(channel, 'capacity', defaults.capacity, report);
      const tx = positiveInt(channel, 'transactionCapacity', defaults.transactionCapacity, report);
      if (capacity !== undefined && tx !== undefined) {
        if (tx > capacity) {
          report(`channel ${name}`, `transactionCapacity ${tx} is greater than capacity ${capacity} (the channel fails to configure)`);
        }
        channelTx.set(name, tx);
      }
    }
  }

  // validateSources: `channels` (plural) required; channels not in the active set are silently dropped.
  const usedChannels = new Set<string>();
  for (const name of listed('source')) {
    const source = get('source', name);
    const type = componentType(source, `source ${name}`, report);
    if (!source || type === undefined) continue;
    requireKeys(source, type, report);
    checkPorts(source, type, report);
    const channels = source.props.get('channels');
    if (channels === undefined) {
      report(`source ${name}`, source.props.has('channel')
        ? 'sets channel, but a source needs channels (plural); Flume drops the source'
        : 'has no channels; Flume drops the source');
      continue;
    }
    for (const channel of channels.split(/\s+/)) {
      if (!listed('channel').includes(channel)) report(`source ${name}`, `names channel ${channel}, which is not listed (Flume drops it)`);
      else usedChannels.add(channel);
    }
  }

  // validateSinks: exactly one existing `channel` (singular); batch size within the channel's transaction.
  for (const name of listed('sink')) {
    const sink = get('sink', name);
    const type = componentType(sink, `sink ${name}`, report);
    if (!sink || type === undefined) continue;
    requireKeys(sink, type, report);
    checkPorts(sink, type, report);
    const channel = sink.props.get('channel');
    if (channel === undefined) {
      report(`sink ${name}`, sink.props.has('channels')
        ? 'sets channels, but a sink needs exactly one channel (singular); Flume drops the sink'
        : 'has no channel; Flume drops the sink');
      continue;
    }
    if (/\s/.test(channel)) {
      report(`sink ${name}`, `names several channels (${channel}); a sink reads exactly one, Flume drops the sink`);
      continue;
    }
    if (!listed('channel').includes(channel)) {
      report(`sink ${name}`, `names channel ${channel}, which is not listed (Flume drops the sink)`);
      continue;
    }
    usedChannels.add(channel);
    const batch = SINK_BATCH[type];
    const tx = channelTx.get(channel);
    if (batch) {
      const size = positiveInt(sink, batch.key, batch.default, report);
      if (size !== undefined && tx !== undefined && size > tx) {
        report(`sink ${name}`, `${batch.key} ${size} is greater than channel ${channel} transactionCapacity ${tx} (every take fails)`);
      }
    }
  }

  // AbstractConfigurationProvider: a channel with no source or sink connected is removed.
  for (const name of listed('channel')) {
    if (get('channel', name) && !usedChannels.has(name)) {
      report(`channel ${name}`, 'is connected to no source or sink (Flume removes it)');
    }
  }

  // validateGroups / validGroupSinks: missing sinks are skipped, a sink belongs to one group only.
  const groupOf = new Map<string, string>();
  for (const name of listed('sinkgroup')) {
    const group = get('sinkgroup', name);
    if (!group) {
      report(`sinkgroup ${name}`, 'is listed but has no properties (Flume drops it)');
      continue;
    }
    const sinks = group.props.get('sinks');
    if (sinks === undefined) {
      report(`sinkgroup ${name}`, 'has no sinks (Flume drops it)');
      continue;
    }
    for (const sink of sinks.split(/\s+/)) {
      const owner = groupOf.get(sink);
      if (!listed('sink').includes(sink) || !get('sink', sink)) {
        report(`sinkgroup ${name}`, `names sink ${sink}, which does not exist (Flume skips it)`);
      } else if (owner !== undefined) {
        report(`sinkgroup ${name}`, `names sink ${sink}, already used by sinkgroup ${owner} (Flume skips it)`);
      } else {
        groupOf.set(sink, name);
      }
    }
  }

  return { ok: errors.length === 0, errors };
}

/** Human form of the first error, for a `blocked` status. */
export function firstErrorMessage(result: CheckResult): string | undefined {
  const first = result.errors[0];
  return first ? `Invalid flume.conf: ${first.component} ${first.message}` : undefined;
}

/** FlumeConfiguration.parseConfigKey: `<prefix><name>.<configKey>`, both non-empty. */
function componentKey(configKey: string): { kind: Kind; name: string; configKey: string } | undefined {
  for (const [prefix, kind] of PREFIXES) {
    if (!configKey.startsWith(prefix)) continue;
    const dot = configKey.indexOf('.', prefix.length + 1);
    if (dot === -1) return undefined;
    const name = configKey.slice(prefix.length, dot);
    const rest = configKey.slice(dot + 1);
    if (name === '' || rest === '') return undefined;
    return { kind, name, configKey: rest };
  }
  return undefined;
}

function componentType(
  component: Component | undefined,
  label: string,
  report: (component: string, message: string) => void,
): string | undefined {
  if (!component) {
    report(label, 'is listed but has no properties (Flume drops it)');
    return undefined;
  }
  const type = component.props.get('type');
  if (type === undefined) {
    report(label, 'has no type (Flume drops it)');
    return undefined;
  }
  const lower = type.toLowerCase();
  return CLASS_ALIASES[lower] ?? lower;
}

function requireKeys(component: Component, type: string, report: (component: string, message: string) => void): void {
  if (component.kind === 'sinkgroup') return;
  for (const key of REQUIRED_KEYS[component.kind][type] ?? []) {
    if (!component.props.has(key)) report(`${component.kind} ${component.name}`, `${type} needs ${key}`);
  }
}

function checkPorts(component: Component, type: string, report: (component: string, message: string) => void): void {
  const label = `${component.kind} ${component.name}`;
  const port = component.props.get('port');
  if (port !== undefined && !isPort(port)) report(label, `port ${port} is not a port number`);
  const ports = type === 'multiport_syslogtcp' ? component.props.get('ports') : undefined;
  for (const p of ports?.split(/\s+/) ?? []) {
    if (!isPort(p)) report(label, `ports lists ${p}, which is not a port number`);
  }
}

function isPort(text: string): boolean {
  return /^[0-9]{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

function positiveInt(
  component: Component,
  key: string,
  fallback: number,
  report: (component: string, message: string) => void,
): number | undefined {
  const raw = component.props.get(key);
  if (raw === undefined) return fallback;
  if (!/^[0-9]{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647) {
    report(`${component.kind} ${component.name}`, `${key} ${raw} is not a positive integer`);
    return undefined;
  }
  return Number(raw);
}

function pluralOf(kind: Kind): string {
  return `${kind}s`;
}
