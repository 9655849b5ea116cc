import { CHANNEL_DEFAULTS, effectiveSinkBatch, javaParseInt, predictFlumeLoad, PREFIXES, resolveType, SINK_BATCH, SOURCE_BATCH, splitWhitespace, type Kind } from './flume-load-model';
import { parseProperties } from './properties-parse';

// Validates a rendered flume.conf before it may replace the running one. Flume does not fail on a bad
// configuration: it drops properties, components and whole agents with a log line and runs what is left.
// Two kinds of rule: what Flume drops comes from predictFlumeLoad (flume-load-model.ts), which
// test/checker-oracle.test.ts holds against real Flume; the rest is what Flume keeps but should not get:
// a setting it ignores, or a component that it builds but that fails when it starts. Errors are in file
// order, root causes first; errors[0] is a status.

export interface CheckError {
  /** `flume.conf`, `agent a1`, `source r1`, `channel c1`, `sink k1`, `sinkgroup g1`. */
  readonly component: string;
  readonly message: string;
  /**
   * Absent: Flume drops the component (or the whole agent). `ignored`: Flume runs everything, but ignores what
   * the file says here. `fails-at-start`: Flume builds the component, which then fails when it starts.
   */
  readonly effect?: 'ignored' | 'fails-at-start';
}

export interface CheckResult {
  readonly ok: boolean;
  readonly errors: readonly CheckError[];
}

type Report = (component: string, message: string, effect?: CheckError['effect']) => void;
const LIST_KEYS: Record<string, Kind | 'configfilter'> = {
  sources: 'source',
  channels: 'channel',
  sinks: 'sink',
  sinkgroups: 'sinkgroup',
  configfilters: 'configfilter',
};
const KINDS: readonly Kind[] = ['channel', 'source', 'sink', 'sinkgroup'];

interface Component {
  readonly kind: Kind | 'configfilter';
  readonly name: string;
  readonly line: number;
  readonly props: Map<string, string>;
}

export function checkFlumeConfig(text: string, agent: string): CheckResult {
  const errors: CheckError[] = [];
  const report: Report = (component, message, effect) => {
    errors.push(effect ? { component, message, effect } : { component, message });
  };
  const prediction = predictFlumeLoad(text, agent);
  // Root causes are reported with their component; consequences (a sink whose channel was dropped) last.
  const dropsOf = new Map<string, string[]>();
  for (const d of prediction.drops) {
    const key = d.cause === undefined ? d.component : `consequence ${d.component}`;
    dropsOf.set(key, [...(dropsOf.get(key) ?? []), d.message]);
  }
  const reportDrops = (key: string): void => {
    for (const message of dropsOf.get(key) ?? []) report(key.replace(/^consequence /, ''), message);
    dropsOf.delete(key);
  };

  const parsed = parseProperties(text);
  if (prediction.kind === 'fatal' && prediction.component === 'flume.conf') {
    report('flume.conf', prediction.reason);
    return { ok: false, errors };
  }

  // Property by property, in file order: what FlumeConfiguration ignores.
  const lists = new Map<string, string[]>();
  const components = new Map<string, Component>(); // `${kind} ${name}`
  const seenKeys = new Map<string, number>();
  for (const entry of parsed.entries) {
    const key = entry.key.trim();
    const value = entry.value.trim();
    const at = `line ${entry.line}`;
    const previous = seenKeys.get(key);
    if (previous !== undefined) {
      report('flume.conf', `${at}: duplicate key ${key} (also line ${previous}; Properties keeps only the last)`, 'ignored');
      continue;
    }
    seenKeys.set(key, entry.line);
    if (value === '') {
      report('flume.conf', `${at}: ${key} has an empty value (Flume ignores it)`, 'ignored');
      continue;
    }
    const dot = key.indexOf('.');
    if (dot <= 0 || key.slice(0, dot) !== agent) {
      report('flume.conf', `${at}: ${key} is not a property of agent ${agent} (Flume ignores it)`, 'ignored');
      continue;
    }
    const configKey = key.slice(dot + 1);
    if (LIST_KEYS[configKey]) {
      const names = splitWhitespace(value);
      const duplicate = names.find((n, i) => names.indexOf(n) !== i);
      if (duplicate !== undefined) report(`agent ${agent}`, `${configKey} lists ${duplicate} twice`, 'ignored');
      lists.set(LIST_KEYS[configKey], [...new Set(names)]);
      continue;
    }
    const parsedKey = componentKey(configKey);
    if (!parsedKey) {
      report('flume.conf', `${at}: ${key} is not a sources/channels/sinks/sinkgroups/configfilters property (Flume ignores it)`, 'ignored');
      continue;
    }
    const id = `${parsedKey.kind} ${parsedKey.name}`;
    const component = components.get(id) ?? { kind: parsedKey.kind, name: parsedKey.name, line: entry.line, props: new Map<string, string>() };
    components.set(id, component);
    component.props.set(parsedKey.configKey, value);
  }
  const listed = (kind: Kind | 'configfilter'): string[] => lists.get(kind) ?? [];
  const get = (kind: Kind, name: string): Component | undefined => components.get(`${kind} ${name}`);

  // A missing list is a root cause; an agent dropped because nothing valid is left is reported after the components.
  if (prediction.drops[0]?.component === `agent ${agent}`) reportDrops(`agent ${agent}`);
  for (const component of components.values()) {
    if (!listed(component.kind).includes(component.name)) {
      report(`${component.kind} ${component.name}`, `line ${component.line}: properties for ${component.kind} ${component.name}, which ${agent}.${component.kind}s does not list (Flume ignores them)`, 'ignored');
    }
  }

  // Component by component: what Flume keeps but should not get, then why Flume drops it.
  const sharedDirectories = directoryOwners(listed('channel').map((name) => get('channel', name)));
  for (const kind of KINDS) {
    for (const name of listed(kind)) {
      const label = `${kind} ${name}`;
      const component = get(kind, name);
      if (component?.props.has('type') || kind === 'sinkgroup') {
        if (component) checkKept(component, { listed, get, report, sharedDirectories });
      }
      reportDrops(label);
    }
  }
  for (const component of dropsOf.keys()) reportDrops(component);
  if (prediction.kind === 'fatal') report(prediction.component, prediction.reason);

  return { ok: errors.length === 0, errors };
}

/** Human form of the first error, for a `blocked` status. */
export function firstErrorMessage(result: CheckResult): string | undefined {
  const first = result.errors[0];
  return first ? `Invalid flume.conf: ${first.component} ${first.message}` : undefined;
}

interface Scope {
  readonly listed: (kind: Kind) => string[];
  readonly get: (kind: Kind, name: string) => Component | undefined;
  readonly report: Report;
  /** Each directory a file channel uses, and the channels that use it. */
  readonly sharedDirectories: ReadonlyMap<string, readonly string[]>;
}

/** Rules for settings Flume accepts but ignores, and for components that Flume builds but that cannot start. */
function checkKept(component: Component, scope: Scope): void {
  const label = `${component.kind} ${component.name}`;
  const { report } = scope;
  const type = component.props.get('type');
  const props = component.props;
  switch (component.kind) {
    case 'channel': {
      const alias = type === undefined ? undefined : resolveType('channel', type);
      const defaults = alias ? CHANNEL_DEFAULTS[alias] : undefined;
      if (defaults) {
        // MemoryChannel replaces an unparsable number by its default; FileChannel throws (a drop, reported below).
        const lenient = alias === 'memory';
        positiveInt(props, 'capacity', `Flume uses ${defaults.capacity}`, lenient, label, report);
        positiveInt(props, 'transactionCapacity', `Flume uses ${defaults.transactionCapacity}`, lenient, label, report);
      }
      if (alias === 'file') {
        // The defaults are under ~/.flume: the service cannot write there (ProtectHome), and channels would share them.
        for (const key of ['checkpointDir', 'dataDirs']) if (!props.has(key)) report(label, `file needs ${key}`, 'fails-at-start');
        for (const [directory, owners] of scope.sharedDirectories) {
          if (owners.length > 1 && owners[0] !== component.name && owners.includes(component.name)) {
            report(label, `uses directory ${directory}, which channel ${owners[0]} uses too (the second file channel cannot lock it and fails to start)`, 'fails-at-start');
          }
        }
      }
      return;
    }
    case 'source': {
      const alias = type === undefined ? undefined : resolveType('source', type);
      // SyslogTcpSource binds host:port; a null host fails at start (syslogudp binds the wildcard instead).
      if (alias === 'syslogtcp' && !props.has('host')) report(label, 'syslogtcp needs host', 'fails-at-start');
      if (alias === 'avro') checkCompressionType(props, label, report);
      checkPorts(props, alias, label, report);
      const batch = alias ? SOURCE_BATCH[alias] : undefined;
      if (batch) positiveInt(props, batch.key, 'the source cannot deliver events', false, label, report);
      for (const channel of splitWhitespace(props.get('channels') ?? '')) {
        if (!scope.listed('channel').includes(channel)) report(label, `names channel ${channel}, which is not listed (Flume leaves it out)`, 'ignored');
      }
      return;
    }
    case 'sink': {
      const alias = type === undefined ? undefined : resolveType('sink', type);
      checkPorts(props, alias, label, report);
      const batch = alias ? SINK_BATCH[alias] : undefined;
      const raw = batch ? props.get(batch.key) : undefined;
      if (alias === 'avro') checkCompressionType(props, label, report);
      if (alias === 'avro' || alias === 'thrift') {
        // AbstractRpcSink replaces an unparsable or non-positive batch-size by its default.
        if (raw !== undefined && effectiveSinkBatch(alias, raw) !== javaParseInt(raw)) {
          report(label, `${batch!.key} ${raw} is not a positive integer (Flume uses ${batch!.default})`, 'ignored');
        }
      } else if (alias === 'file_roll') {
        positiveInt(props, batch!.key, 'the sink cannot take events', false, label, report);
      } else if (alias === 'hdfs') {
        checkHdfsFileType(props, label, report);
      }
      return;
    }
    case 'sinkgroup': {
      const seen = new Set<string>();
      for (const sink of splitWhitespace(props.get('sinks') ?? '')) {
        if (seen.has(sink)) continue;
        seen.add(sink);
        const owner = scope.listed('sinkgroup').find((g) => g !== component.name && splitWhitespace(scope.get('sinkgroup', g)?.props.get('sinks') ?? '').includes(sink));
        if (!scope.listed('sink').includes(sink) || !scope.get('sink', sink)) {
          report(label, `names sink ${sink}, which does not exist (Flume skips it)`, 'ignored');
        } else if (owner !== undefined) {
          report(label, `names sink ${sink}, which sinkgroup ${owner} also names (Flume gives it to one of them)`, 'ignored');
        }
      }
      return;
    }
    default:
      return;
  }
}

function checkPorts(props: ReadonlyMap<string, string>, alias: string | undefined, label: string, report: Report): void {
  const port = props.get('port');
  if (port !== undefined && javaParseInt(port) !== undefined && !isPort(port)) report(label, `port ${port} is not a port number`, 'fails-at-start');
  if (alias !== 'multiport_syslogtcp') return;
  for (const p of splitWhitespace(props.get('ports') ?? '')) {
    if (javaParseInt(p) !== undefined && !isPort(p)) report(label, `ports lists ${p}, which is not a port number`, 'fails-at-start');
  }
}

/** Avro compresses only with `deflate`; any other value means no compression, so both ends would disagree. */
function checkCompressionType(props: ReadonlyMap<string, string>, label: string, report: Report): void {
  const type = props.get('compression-type');
  if (type !== undefined && !['none', 'deflate'].includes(type.toLowerCase())) {
    report(label, `compression-type ${type} is neither none nor deflate (Flume does not compress)`, 'ignored');
  }
}

/** HDFSWriterFactory knows three file types; another fails every batch, not the configuration. */
function checkHdfsFileType(props: ReadonlyMap<string, string>, label: string, report: Report): void {
  const fileType = props.get('hdfs.fileType');
  if (fileType !== undefined && !['sequencefile', 'datastream', 'compressedstream'].includes(fileType.toLowerCase())) {
    report(label, `hdfs.fileType ${fileType} is not SequenceFile, DataStream or CompressedStream (every batch fails)`, 'fails-at-start');
  }
}

/** Every directory of the file channels (checkpointDir, backupCheckpointDir, each of dataDirs), with its users. */
function directoryOwners(channels: ReadonlyArray<Component | undefined>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const channel of channels) {
    if (!channel || resolveType('channel', channel.props.get('type') ?? '') !== 'file') continue;
    const directories = [
      channel.props.get('checkpointDir'),
      channel.props.get('backupCheckpointDir'),
      ...(channel.props.get('dataDirs') ?? '').split(','),
    ]
      .map((d) => d?.trim().replace(/\/+$/, ''))
      .filter((d): d is string => d !== undefined && d !== '');
    for (const directory of new Set(directories)) owners.set(directory, [...(owners.get(directory) ?? []), channel.name]);
  }
  return owners;
}

/**
 * A numeric setting Flume reads but replaces (or misuses) when it is not a positive int. Unless `lenient`,
 * an unparsable value makes Flume drop the component: that is reported as a drop, not here.
 */
function positiveInt(props: ReadonlyMap<string, string>, key: string, consequence: string, lenient: boolean, label: string, report: Report): void {
  const raw = props.get(key);
  if (raw === undefined) return;
  const value = javaParseInt(raw);
  if (value !== undefined && value > 0) return;
  if (value === undefined && !lenient) return;
  report(label, `${key} ${raw} is not a positive integer (${consequence})`, 'ignored');
}

function isPort(text: string): boolean {
  return /^[0-9]{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

/** FlumeConfiguration.parseConfigKey: `<prefix><name>.<configKey>`, both non-empty. */
function componentKey(configKey: string): { kind: Kind | 'configfilter'; name: string; configKey: string } | undefined {
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
