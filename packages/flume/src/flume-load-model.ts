import { javaHashSetOrder } from './java-hash-order';
import { parseProperties } from './properties-parse';

// A model of what Flume 1.11 keeps when it loads a flume.conf (apache/logging-flume, flume-ng-node
// AbstractConfigurationProvider.getConfiguration): FlumeConfiguration's validation first, then building each
// component (its configure(), the source/sink batch against the channel's transactionCapacity, interceptors,
// selectors, sink processors), then removing channels nothing is connected to. It covers the component types
// the charms render; test/checker-oracle.test.ts holds it against real Flume over thousands of configs.

export type Kind = 'source' | 'channel' | 'sink' | 'sinkgroup';

export interface FlumeComponents {
  readonly sources: readonly string[];
  readonly channels: readonly string[];
  readonly sinks: readonly string[];
  readonly sinkgroups: readonly string[];
}

/** Why a listed component is not in the running agent: `component` is `agent a1`, `source r1`, `sinkgroup g1`, .... */
export interface LoadDrop {
  readonly component: string;
  readonly message: string;
  /** The component whose drop caused this one, when this one is only a consequence. */
  readonly cause?: string;
}

export type FlumeLoadPrediction =
  /** What runs; `drops` explains every listed component that does not (root causes first). */
  | { readonly kind: 'loaded'; readonly survivors: FlumeComponents; readonly drops: readonly LoadDrop[] }
  /** getConfiguration() throws (an unloadable class, a sink group without `sinks`): nothing runs. */
  | { readonly kind: 'fatal'; readonly component: string; readonly reason: string; readonly drops: readonly LoadDrop[] };

export const CHANNEL_DEFAULTS: Record<string, { capacity: number; transactionCapacity: number }> = {
  memory: { capacity: 100, transactionCapacity: 100 },
  file: { capacity: 1_000_000, transactionCapacity: 10_000 },
};

/** Flume's aliases (matched ignoring case) and the exact class names it loads for them. */
const TYPES: Record<Kind | 'interceptor' | 'processor' | 'selector', Record<string, string>> = {
  source: {
    avro: 'org.apache.flume.source.AvroSource',
    thrift: 'org.apache.flume.source.ThriftSource',
    syslogtcp: 'org.apache.flume.source.SyslogTcpSource',
    syslogudp: 'org.apache.flume.source.SyslogUDPSource',
    multiport_syslogtcp: 'org.apache.flume.source.MultiportSyslogTCPSource',
  },
  channel: {
    memory: 'org.apache.flume.channel.MemoryChannel',
    file: 'org.apache.flume.channel.file.FileChannel',
  },
  sink: {
    avro: 'org.apache.flume.sink.AvroSink',
    thrift: 'org.apache.flume.sink.ThriftSink',
    hdfs: 'org.apache.flume.sink.hdfs.HDFSEventSink',
    file_roll: 'org.apache.flume.sink.RollingFileSink',
    logger: 'org.apache.flume.sink.LoggerSink',
  },
  sinkgroup: {},
  interceptor: {
    timestamp: 'org.apache.flume.interceptor.TimestampInterceptor$Builder',
    host: 'org.apache.flume.interceptor.HostInterceptor$Builder',
    static: 'org.apache.flume.interceptor.StaticInterceptor$Builder',
  },
  processor: {
    default: 'org.apache.flume.sink.DefaultSinkProcessor',
    failover: 'org.apache.flume.sink.FailoverSinkProcessor',
    load_balance: 'org.apache.flume.sink.LoadBalancingSinkProcessor',
  },
  selector: {
    replicating: 'org.apache.flume.channel.ReplicatingChannelSelector',
  },
};

/** Flume types the charms never render: the checker refuses them without modelling what Flume does with them. */
const UNMODELLED: Partial<Record<keyof typeof TYPES, readonly string[]>> = {
  source: ['seq', 'netcat', 'netcatudp', 'exec', 'spooldir', 'http', 'jms', 'scribe', 'taildir', 'kafka', 'twitter'],
  channel: ['jdbc', 'spillablememory', 'kafka', 'pseudo_txn_memory'],
  sink: ['null', 'irc', 'elasticsearch', 'hbase', 'asynchbase', 'hbase2', 'morphline_solr', 'hive', 'http', 'kafka'],
  interceptor: ['regex_filter', 'regex_extractor', 'search_replace', 'remove_header', 'morphline'],
  selector: ['multiplexing', 'load_balancing'],
};

export function isUnmodelledType(family: keyof typeof TYPES, type: string): boolean {
  return UNMODELLED[family]?.includes(type.toLowerCase()) ?? false;
}

/** The type's alias, or undefined when Flume cannot load the class (the name is neither alias nor exact class). */
export function resolveType(family: keyof typeof TYPES, type: string): string | undefined {
  const table = TYPES[family];
  const alias = type.toLowerCase();
  if (table[alias] !== undefined) return alias;
  return Object.keys(table).find((a) => table[a] === type);
}

/** Batch-size keys of the sinks and sources that Flume checks against the channel's transactionCapacity. */
export const SINK_BATCH: Record<string, { key: string; default: number }> = {
  hdfs: { key: 'hdfs.batchSize', default: 100 },
  avro: { key: 'batch-size', default: 100 },
  thrift: { key: 'batch-size', default: 100 },
  file_roll: { key: 'sink.batchSize', default: 100 },
};
export const SOURCE_BATCH: Record<string, { key: string; default: number }> = {
  multiport_syslogtcp: { key: 'batchSize', default: 100 },
};

/** Hadoop's codec classes (CompressionCodecFactory's defaults): org.apache.hadoop.io.compress.<Name>Codec. No lzo, no lzop. */
const HDFS_CODECS = ['Default', 'Gzip', 'BZip2', 'Snappy', 'Lz4', 'Deflate', 'ZStandard', 'Passthrough'];

/** HDFSEventSink.getCodec: the class name, its simple name or that without `Codec` (ignoring case); `None` is no codec. */
function hdfsCodec(name: string): 'none' | 'codec' | undefined {
  if (name.toLowerCase() === 'none') return 'none';
  const matches = HDFS_CODECS.some((c) =>
    name === `org.apache.hadoop.io.compress.${c}Codec` || [`${c}codec`.toLowerCase(), c.toLowerCase()].includes(name.toLowerCase()));
  return matches ? 'codec' : undefined;
}

type Context = ReadonlyMap<string, string>;
const LISTS = ['configfilters', 'sources', 'channels', 'sinks', 'sinkgroups'] as const;
/** A component key's prefix under the agent, and the kind of component it names. */
export const PREFIXES: ReadonlyArray<readonly [string, Kind | 'configfilter']> = [
  ['sources.', 'source'],
  ['channels.', 'channel'],
  ['sinks.', 'sink'],
  ['sinkgroups.', 'sinkgroup'],
  ['configfilters.', 'configfilter'],
];

class Fatal extends Error {
  constructor(
    readonly component: string,
    message: string,
  ) {
    super(message);
  }
}

type Drop = (component: string, message: string, cause?: string) => void;

export function predictFlumeLoad(text: string, agent: string): FlumeLoadPrediction {
  const drops: LoadDrop[] = [];
  const drop: Drop = (component, message, cause) => {
    drops.push(cause === undefined ? { component, message } : { component, message, cause });
  };
  try {
    return { kind: 'loaded', survivors: load(text, agent, drop), drops };
  } catch (error) {
    if (error instanceof Fatal) return { kind: 'fatal', component: error.component, reason: error.message, drops };
    throw error;
  }
}

const NOTHING: FlumeComponents = { sources: [], channels: [], sinks: [], sinkgroups: [] };

function load(text: string, agent: string, drop: Drop): FlumeComponents {
  const parsed = parseProperties(text);
  if (parsed.errors.length > 0) throw new Fatal('flume.conf', `line ${parsed.errors[0]!.line}: ${parsed.errors[0]!.message} (Flume cannot load the file)`);
  const properties = new Map<string, string>();
  for (const e of parsed.entries) properties.set(e.key, e.value); // Properties keeps the last

  // FlumeConfiguration.addRawProperty / AgentConfiguration.addProperty
  const lists = new Map<string, string>();
  const contexts = new Map<string, Map<string, Map<string, string>>>();
  for (const [rawKey, rawValue] of properties) {
    const name = javaTrim(rawKey);
    const value = javaTrim(rawValue);
    if (value === '') continue;
    const dot = name.indexOf('.');
    if (dot <= 0 || name.slice(0, dot) !== agent) continue;
    const key = name.slice(dot + 1);
    if ((LISTS as readonly string[]).includes(key)) {
      lists.set(key, value);
      continue;
    }
    for (const [prefix, kind] of PREFIXES) {
      const parsedKey = componentKey(key, prefix);
      if (!parsedKey) continue;
      const byName = contexts.get(kind) ?? new Map<string, Map<string, string>>();
      contexts.set(kind, byName);
      const context = byName.get(javaTrim(parsedKey.name)) ?? new Map<string, string>();
      byName.set(javaTrim(parsedKey.name), context);
      context.set(parsedKey.configKey, value);
      break;
    }
  }
  const contextOf = (kind: Kind, name: string): Context | undefined => contexts.get(kind)?.get(name);
  const listed = (key: string): string[] => javaHashSetOrder(splitWhitespace(lists.get(key) ?? ''));

  // AgentConfiguration.isValid
  const agentLabel = `agent ${agent}`;
  const channelList = listed('channels');
  if (channelList.length === 0) {
    drop(agentLabel, `no channels listed (${agent}.channels); Flume drops the agent`);
    return NOTHING;
  }
  const channelSet = channelList.filter((name) => validComponent('channel', name, contextOf('channel', name), drop));
  if (channelSet.length === 0) {
    drop(agentLabel, 'no listed channel is valid; Flume drops the agent', `channel ${channelList[0]}`);
    return NOTHING;
  }

  const sourceChannels = new Map<string, string[]>();
  for (const name of listed('sources')) {
    const context = contextOf('source', name);
    if (!validComponent('source', name, context, drop)) continue;
    const channels = context!.get('channels');
    if (channels === undefined) {
      drop(`source ${name}`, context!.has('channel') ? 'sets channel, but a source needs channels (plural)' : 'has no channels');
      continue;
    }
    const kept = splitWhitespace(channels).filter((c) => channelSet.includes(c));
    if (kept.length === 0) {
      drop(`source ${name}`, `names no listed channel (${channels})`);
      continue;
    }
    sourceChannels.set(name, kept);
  }

  const sinkSet: string[] = [];
  for (const name of listed('sinks')) {
    const context = contextOf('sink', name);
    if (!validComponent('sink', name, context, drop)) continue;
    const channel = context!.get('channel');
    if (channel === undefined) {
      drop(`sink ${name}`, context!.has('channels') ? 'sets channels, but a sink needs exactly one channel (singular)' : 'has no channel');
    } else if (!channelSet.includes(channel)) {
      drop(`sink ${name}`, /\s/.test(channel) ? `names several channels (${channel}); a sink reads exactly one` : `names channel ${channel}, which is not listed`);
    } else {
      sinkSet.push(name);
    }
  }

  // validateGroups: StringTokenizer on spaces; a sink goes to the first group (in hash order) that names it.
  const groupSinks = new Map<string, string[]>();
  const usedBy = new Map<string, string>();
  for (const name of javaHashSetOrder((lists.get('sinkgroups') ?? '').split(' ').filter((t) => t !== ''))) {
    const context = contextOf('sinkgroup', name);
    if (!context) {
      drop(`sinkgroup ${name}`, 'is listed but has no properties');
      continue;
    }
    const sinks = context.get('sinks');
    if (sinks === undefined) throw new Fatal(`sinkgroup ${name}`, 'has no sinks (FlumeConfiguration throws a NullPointerException: Flume starts nothing)');
    const members = javaHashSetOrder(splitWhitespace(sinks)).filter((s) => !usedBy.has(s) && sinkSet.includes(s));
    if (members.length === 0) {
      drop(`sinkgroup ${name}`, `has no sink that is listed and not in another group (${sinks}); Flume drops it`);
      continue;
    }
    for (const s of members) usedBy.set(s, name);
    groupSinks.set(name, members);
  }
  if (sourceChannels.size === 0 && sinkSet.length === 0) {
    if (lists.has('sources') || lists.has('sinks')) drop(agentLabel, 'no valid source or sink is left; Flume drops the agent', 'its sources and sinks');
    else drop(agentLabel, 'no sources or sinks listed; Flume drops the agent');
    return NOTHING;
  }

  // AbstractConfigurationProvider: build channels, sources, sinks, sink groups.
  const transactionCapacity = new Map<string, number>();
  const connected = new Map<string, number>();
  for (const name of channelSet) {
    const context = contextOf('channel', name)!;
    const type = resolveType('channel', context.get('type')!);
    if (type === undefined) throw unloadable(`channel ${name}`, context);
    const built = buildChannel(type, context);
    if (typeof built === 'string') drop(`channel ${name}`, built);
    else {
      transactionCapacity.set(name, built);
      connected.set(name, 0);
    }
  }

  const sources: string[] = [];
  for (const [name, channels] of sourceChannels) {
    const context = contextOf('source', name)!;
    const type = resolveType('source', context.get('type')!);
    if (type === undefined) throw unloadable(`source ${name}`, context);
    if (!channels.some((c) => transactionCapacity.has(c))) {
      drop(`source ${name}`, `its channels (${channels.join(' ')}) were all dropped`, `channel ${channels[0]}`);
      continue;
    }
    const failure = buildSource(type, context) ?? connectSource(type, context, channels, transactionCapacity) ?? channelProcessorFailure(context);
    if (failure !== undefined) {
      drop(`source ${name}`, failure);
      continue;
    }
    sources.push(name);
    for (const c of channels) if (connected.has(c)) connected.set(c, connected.get(c)! + 1);
  }

  const builtSinks = new Set<string>();
  for (const name of sinkSet) {
    const context = contextOf('sink', name)!;
    const type = resolveType('sink', context.get('type')!);
    if (type === undefined) throw unloadable(`sink ${name}`, context);
    const channel = context.get('channel')!;
    const tx = transactionCapacity.get(channel);
    if (tx === undefined) {
      drop(`sink ${name}`, `its channel ${channel} was dropped`, `channel ${channel}`);
      continue;
    }
    const failure = buildSink(type, context) ?? sinkBatchFailure(type, context, channel, tx);
    if (failure !== undefined) {
      drop(`sink ${name}`, failure);
      continue;
    }
    builtSinks.add(name);
    connected.set(channel, connected.get(channel)! + 1);
  }

  // loadSinkGroups: a group member that was not built aborts the whole configuration.
  const sinks: string[] = [];
  const sinkgroups: string[] = [];
  for (const [name, members] of groupSinks) {
    const missing = members.find((s) => !builtSinks.has(s));
    if (missing !== undefined) {
      drop(`sinkgroup ${name}`, `names sink ${missing}, which Flume dropped; Flume then starts nothing at all`, `sink ${missing}`);
      return NOTHING;
    }
  }
  for (const [name, members] of groupSinks) {
    for (const s of members) builtSinks.delete(s);
    const processor = buildProcessor(contextOf('sinkgroup', name)!, members);
    if (typeof processor === 'string') {
      drop(`sinkgroup ${name}`, `${processor}; Flume drops the group`);
      for (const s of members) drop(`sink ${s}`, `its sinkgroup ${name} was dropped`, `sinkgroup ${name}`);
      continue;
    }
    sinkgroups.push(name);
    sinks.push(...processor.live);
    for (const s of members.filter((m) => !processor.live.includes(m))) drop(`sink ${s}`, processor.idle);
  }
  sinks.push(...builtSinks);

  const channels: string[] = [];
  for (const [name, count] of connected) {
    if (count > 0) channels.push(name);
    else {
      // A channel whose sources and sinks were all dropped is a consequence; one nothing names is a root cause.
      const user = [...sourceChannels].find(([, cs]) => cs.includes(name))?.[0];
      const reader = sinkSet.find((k) => contextOf('sink', k)!.get('channel') === name);
      const cause = user !== undefined ? `source ${user}` : reader !== undefined ? `sink ${reader}` : undefined;
      drop(`channel ${name}`, 'is connected to no source or sink (Flume removes it)', cause);
    }
  }
  return { sources: sources.sort(), channels: channels.sort(), sinks: sinks.sort(), sinkgroups: sinkgroups.sort() };
}

/** FlumeConfiguration.validateChannels/Sources/Sinks: a context and a type. */
function validComponent(kind: Kind, name: string, context: Context | undefined, drop: Drop): boolean {
  if (!context) drop(`${kind} ${name}`, 'is listed but has no properties (Flume drops it)');
  else if (context.get('type') === undefined) drop(`${kind} ${name}`, 'has no type (Flume drops it)');
  else return true;
  return false;
}

function unloadable(component: string, context: Context): Fatal {
  const type = context.get('type')!;
  const family = component.split(' ')[0] as Kind;
  if (family !== 'sinkgroup' && isUnmodelledType(family, type)) {
    return new Fatal(component, `has type ${type}, which this checker does not model (the charms never render it)`);
  }
  return new Fatal(component, `has type ${type}, a class Flume cannot load (Flume starts nothing)`);
}

/** The channel's transactionCapacity, or why configure() fails. */
function buildChannel(type: string, context: Context): number | string {
  const defaults = CHANNEL_DEFAULTS[type]!;
  // MemoryChannel falls back to its defaults on unparsable numbers; FileChannel throws.
  const lenient = type === 'memory';
  const capacity = positiveOrDefault(context, 'capacity', defaults.capacity, lenient);
  const tx = positiveOrDefault(context, 'transactionCapacity', defaults.transactionCapacity, lenient);
  if (typeof capacity === 'string') return capacity;
  if (typeof tx === 'string') return tx;
  if (tx > capacity) return `transactionCapacity ${tx} is greater than capacity ${capacity}`;
  return tx;
}

function positiveOrDefault(context: Context, key: string, fallback: number, lenient: boolean): number | string {
  const raw = context.get(key);
  if (raw === undefined) return fallback;
  const value = javaParseInt(raw);
  if (value === undefined) return lenient ? fallback : `${key} ${raw} is not a number`;
  return value <= 0 ? fallback : value;
}

/** configure() of each source type: what makes it throw. */
function buildSource(type: string, context: Context): string | undefined {
  switch (type) {
    case 'avro':
    case 'thrift':
      return required(type, context, ['port', 'bind']) ?? intKey(context, 'port');
    case 'syslogtcp':
    case 'syslogudp':
      return required(type, context, ['port']) ?? intKey(context, 'port');
    case 'multiport_syslogtcp': {
      const missing = required(type, context, ['ports']);
      if (missing) return missing;
      const bad = splitWhitespace(context.get('ports')!).find((p) => javaParseInt(p) === undefined);
      if (bad !== undefined) return `ports lists ${bad}, which is not a number`;
      return intKey(context, 'batchSize');
    }
    default:
      return undefined;
  }
}

/** getSourceChannels + checkSourceChannelCompatibility: the batch must fit each channel's transaction. */
function connectSource(type: string, context: Context, channels: readonly string[], tx: ReadonlyMap<string, number>): string | undefined {
  const built = channels.filter((c) => tx.has(c));
  const batch = SOURCE_BATCH[type];
  if (!batch) return undefined;
  const size = javaParseInt(context.get(batch.key) ?? String(batch.default))!;
  const tooSmall = built.find((c) => tx.get(c)! < size);
  return tooSmall === undefined ? undefined : `${batch.key} ${size} is greater than channel ${tooSmall} transactionCapacity ${tx.get(tooSmall)}`;
}

/** ChannelSelectorFactory and ChannelProcessor.configure (interceptors). */
function channelProcessorFailure(context: Context): string | undefined {
  const selector = context.get('selector.type');
  if (selector !== undefined && resolveType('selector', selector) === undefined) {
    return isUnmodelledType('selector', selector) ? `selector.type ${selector} is not modelled by this checker (the charms never render it)` : `selector.type ${selector} cannot be loaded`;
  }
  const interceptors = context.get('interceptors');
  for (const name of interceptors === undefined ? [] : splitWhitespace(interceptors)) {
    const type = context.get(`interceptors.${name}.type`);
    if (type === undefined) return `interceptor ${name} has no type`;
    if (resolveType('interceptor', type) === undefined) {
      return isUnmodelledType('interceptor', type) ? `interceptor ${name} has type ${type}, which this checker does not model` : `interceptor ${name} has type ${type}, which cannot be loaded`;
    }
  }
  return undefined;
}

/** configure() of each sink type: what makes it throw. */
function buildSink(type: string, context: Context): string | undefined {
  switch (type) {
    case 'avro':
    case 'thrift':
      return required(type, context, ['hostname', 'port']) ?? intKey(context, 'port');
    case 'file_roll':
      return required(type, context, ['sink.directory']) ?? longKey(context, 'sink.rollInterval') ?? intKey(context, 'sink.batchSize');
    case 'hdfs':
      return hdfsFailure(context);
    default:
      return undefined;
  }
}

/** HDFSEventSink.configure (not verifiable here: no Hadoop in the test tarball). */
function hdfsFailure(context: Context): string | undefined {
  const missing = required('hdfs', context, ['hdfs.path']);
  if (missing) return missing;
  for (const key of ['hdfs.rollInterval', 'hdfs.rollSize', 'hdfs.rollCount', 'hdfs.batchSize', 'hdfs.callTimeout', 'hdfs.retryInterval']) {
    const bad = longKey(context, key);
    if (bad) return bad;
  }
  for (const key of ['hdfs.idleTimeout', 'hdfs.maxOpenFiles', 'hdfs.threadsPoolSize', 'hdfs.rollTimerPoolSize', 'hdfs.closeTries']) {
    const bad = intKey(context, key);
    if (bad) return bad;
  }
  const batch = context.get('hdfs.batchSize');
  if (batch !== undefined && Number(batch) <= 0) return `hdfs.batchSize ${batch} must be positive`;
  const codecName = context.get('hdfs.codeC');
  const codec = codecName === undefined ? undefined : hdfsCodec(codecName);
  const fileType = (context.get('hdfs.fileType') ?? 'SequenceFile').toLowerCase();
  if (codecName !== undefined && codec === undefined) return `hdfs.codeC ${codecName} is not a codec Hadoop ships`;
  if (codecName !== undefined && fileType === 'datastream') return 'hdfs.codeC is set, but hdfs.fileType DataStream cannot compress';
  if (codec !== 'codec' && fileType === 'compressedstream') return 'hdfs.fileType CompressedStream needs hdfs.codeC';
  return undefined;
}

/** checkSinkChannelCompatibility. RPC sinks read batch-size leniently (default on garbage); others throw. */
function sinkBatchFailure(type: string, context: Context, channel: string, tx: number): string | undefined {
  const batch = SINK_BATCH[type];
  if (!batch) return undefined;
  const size = effectiveSinkBatch(type, context.get(batch.key));
  return size > tx ? `${batch.key} ${size} is greater than channel ${channel} transactionCapacity ${tx}` : undefined;
}

export function effectiveSinkBatch(type: string, raw: string | undefined): number {
  const batch = SINK_BATCH[type]!;
  if (raw === undefined) return batch.default;
  const parsed = type === 'avro' || type === 'thrift' ? javaParseIntStrict(raw) : javaParseInt(raw);
  if (parsed === undefined || ((type === 'avro' || type === 'thrift') && parsed < 1)) return batch.default;
  return parsed;
}

/** SinkProcessorFactory + the processor's configure: the sinks that run, or why the group is dropped. */
function buildProcessor(context: Context, members: readonly string[]): { live: string[]; idle: string } | string {
  const rawType = context.get('processor.type');
  if (rawType === undefined) return 'has no processor.type (Flume 1.11 fails to load a null processor type)';
  const type = resolveType('processor', rawType);
  if (type === undefined) return `processor.type ${rawType} cannot be loaded`;
  if (type === 'default') {
    return members.length === 1 ? { live: [...members], idle: '' } : 'has the default processor, which takes exactly one sink';
  }
  if (type === 'load_balance') {
    if (members.length < 2) return 'is a load_balance group with one sink (LoadBalancingSinkProcessor needs two or more)';
    const selector = context.get('processor.selector') ?? 'round_robin';
    if (!['round_robin', 'random'].includes(selector.toLowerCase())) return `processor.selector ${selector} cannot be loaded`;
    return { live: [...members], idle: '' };
  }
  // FailoverSinkProcessor: sinks in HashMap order; an unparsable priority gets the next of -1, -2, ...;
  // a sink whose priority another sink already has is never used.
  const byPriority = new Map<number, string>();
  let next = 0;
  for (const sink of javaHashSetOrder(members)) {
    const raw = context.get(`processor.priority.${sink}`);
    const parsed = raw === undefined ? undefined : javaParseIntStrict(raw);
    const priority = parsed ?? (next -= 1);
    if (!byPriority.has(priority)) byPriority.set(priority, sink);
  }
  return { live: [...byPriority.values()], idle: 'has the same failover priority as another sink of its group, so Flume never uses it' };
}

function required(type: string, context: Context, keys: readonly string[]): string | undefined {
  const missing = keys.find((k) => !context.has(k));
  return missing === undefined ? undefined : `${type} needs ${missing}`;
}

function intKey(context: Context, key: string): string | undefined {
  const raw = context.get(key);
  return raw === undefined || javaParseInt(raw) !== undefined ? undefined : `${key} ${raw} is not a number`;
}

function longKey(context: Context, key: string): string | undefined {
  const raw = context.get(key);
  return raw === undefined || /^[+-]?[0-9]{1,18}$/.test(raw) ? undefined : `${key} ${raw} is not a number`;
}

/** Context.getInteger: Integer.parseInt of the trimmed value. */
export function javaParseInt(raw: string): number | undefined {
  return javaParseIntStrict(javaTrim(raw));
}

/** Integer.parseInt: optional sign, ASCII digits, within int range. */
export function javaParseIntStrict(raw: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= -2_147_483_648 && value <= 2_147_483_647 ? value : undefined;
}

/** String.trim: strips code units up to U+0020. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  return text.slice(start, end);
}

/** String.split("\\s+") of a trimmed value. */
export function splitWhitespace(text: string): string[] {
  return text.split(/[ \t\n\x0B\f\r]+/).filter((t) => t !== '');
}

/** FlumeConfiguration.parseConfigKey: `<prefix><name>.<configKey>`, both non-empty. */
function componentKey(key: string, prefix: string): { name: string; configKey: string } | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const dot = key.indexOf('.', prefix.length + 1);
  if (dot === -1) return undefined;
  const name = key.slice(prefix.length, dot);
  const configKey = key.slice(dot + 1);
  return name === '' || configKey === '' ? undefined : { name, configKey };
}
