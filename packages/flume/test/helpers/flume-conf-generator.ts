// Seeded flume.conf generator for the differential test against real Flume: the shapes the charms render
// (avro/thrift source -> channel -> sink; syslog source -> channel -> avro sinks in a group; replicating
// fan-out), valid or broken by one to four mutations from the ways a config can go wrong: numbers (zero,
// negative, garbage, beyond int), missing keys, type spellings, lists naming too much or too little, group
// processors and priorities, interceptors, selectors, shared file-channel directories, foreign and duplicate keys.
import type { Prng } from '../../../../tests/support/prng';

export const GENERATED_AGENT = 'a1';

type Line = [key: string, value: string];

const NUMBERS = ['1', '20', '50', '99', '100', '101', '500', '1000', '1001', '5000', '100000', '0', '-5', 'abc', '+20', '2147483648', '1e3', '1 000'];
const SOURCE_TYPES = ['avro', 'thrift', 'syslogtcp', 'syslogudp', 'multiport_syslogtcp'];
const SINK_TYPES = ['avro', 'thrift', 'file_roll', 'logger'];
const CLASS_NAMES: Record<string, string> = {
  avro: 'org.apache.flume.source.AvroSource',
  syslogudp: 'org.apache.flume.source.SyslogUDPSource',
  memory: 'org.apache.flume.channel.MemoryChannel',
  file: 'org.apache.flume.channel.file.FileChannel',
  'sink:avro': 'org.apache.flume.sink.AvroSink',
  'sink:file_roll': 'org.apache.flume.sink.RollingFileSink',
};

interface Component {
  readonly kind: 'sources' | 'channels' | 'sinks' | 'sinkgroups' | 'configfilters';
  readonly name: string;
  readonly props: Map<string, string>;
}

/** A config as lists and components, mutated in place, then written out. */
class Draft {
  readonly lists = new Map<Component['kind'], string[]>();
  readonly components: Component[] = [];
  readonly extra: Line[] = [];

  add(kind: Component['kind'], name: string, props: Record<string, string>): Component {
    const component = { kind, name, props: new Map(Object.entries(props)) };
    this.components.push(component);
    this.lists.set(kind, [...(this.lists.get(kind) ?? []), name]);
    return component;
  }

  of(kind: Component['kind']): Component[] {
    return this.components.filter((c) => c.kind === kind);
  }

  text(prng: Prng): string {
    const lines: Line[] = [];
    for (const [kind, names] of this.lists) lines.push([`${GENERATED_AGENT}.${kind}`, names.join(' ')]);
    for (const c of this.components) for (const [k, v] of c.props) lines.push([`${GENERATED_AGENT}.${c.kind}.${c.name}.${k}`, v]);
    lines.push(...this.extra);
    const ordered = prng.chance(0.2) ? prng.sample(lines, lines.length) : lines;
    // java.util.Properties syntax variants: separators, blanks, comments, continuation lines
    const odd = prng.chance(0.15);
    return ordered
      .map(([k, v]) => {
        if (!odd) return `${k} = ${v}\n`;
        const separator = prng.pick([' = ', '=', ' : ', ':', ' ', '\t=\t']);
        const value = v.includes(' ') && prng.chance(0.3) ? v.replace(' ', ' \\\n    ') : v;
        return `${prng.chance(0.1) ? '# a comment\n! another\n' : ''}${prng.chance(0.2) ? '  ' : ''}${k}${separator}${value}\n`;
      })
      .join('');
  }
}

export function generateFlumeConf(prng: Prng): string {
  const draft = new Draft();
  const shape = prng.pick(['sink-side', 'agent-group', 'agent-replicating', 'agent-one']);
  const channelType = prng.pick(['memory', 'file']);
  const channel = (name: string): void => {
    const props: Record<string, string> = { type: channelType, capacity: '100000', transactionCapacity: '1000' };
    if (channelType === 'file') Object.assign(props, { checkpointDir: `/var/lib/flume/x/channels/${name}/checkpoint`, dataDirs: `/var/lib/flume/x/channels/${name}/data` });
    draft.add('channels', name, props);
  };
  const sourceType = shape === 'sink-side' ? prng.pick(['avro', 'thrift']) : prng.pick(['syslogtcp', 'syslogudp', 'multiport_syslogtcp']);
  const sinkCount = shape === 'sink-side' || shape === 'agent-one' ? 1 : prng.int(2, 4);
  const channelNames = shape === 'agent-replicating' ? Array.from({ length: sinkCount }, (_, i) => `c${i}`) : ['c1'];
  channelNames.forEach(channel);
  draft.add('sources', 'r1', { ...sourceProps(sourceType), channels: channelNames.join(' ') });
  if (shape !== 'sink-side') {
    const source = draft.of('sources')[0]!;
    source.props.set('interceptors', 'i1');
    source.props.set('interceptors.i1.type', 'static');
    source.props.set('interceptors.i1.key', 'event_dir');
    source.props.set('interceptors.i1.value', 'flume-syslog');
  }
  for (let i = 0; i < sinkCount; i += 1) {
    const type = shape === 'sink-side' ? prng.pick(SINK_TYPES) : prng.pick(['avro', 'avro', 'thrift']);
    draft.add('sinks', `k${i}`, { ...sinkProps(type, i), channel: channelNames[shape === 'agent-replicating' ? i : 0]! });
  }
  if (shape === 'agent-replicating' && prng.chance(0.5)) {
    // flume-syslog's sink_processor=none: replica channels optional, so a dead sink blocks no other
    draft.of('sources')[0]!.props.set('selector.type', 'replicating');
    draft.of('sources')[0]!.props.set('selector.optional', channelNames.join(' '));
  }
  if (shape === 'agent-group') {
    const processor = prng.pick(['load_balance', 'failover']);
    const props: Record<string, string> = { sinks: draft.of('sinks').map((s) => s.name).join(' '), 'processor.type': processor };
    if (processor === 'failover') draft.of('sinks').forEach((s, i) => (props[`processor.priority.${s.name}`] = String(100 - i)));
    else Object.assign(props, { 'processor.backoff': 'true', 'processor.selector': 'round_robin' });
    draft.add('sinkgroups', 'g1', props);
  }
  const mutations = prng.chance(0.25) ? 0 : prng.int(1, 4);
  for (let i = 0; i < mutations; i += 1) mutate(draft, prng);
  return draft.text(prng);
}

function sourceProps(type: string): Record<string, string> {
  switch (type) {
    case 'avro':
    case 'thrift':
      return { type, bind: '0.0.0.0', port: '4141' };
    case 'multiport_syslogtcp':
      return { type, host: '0.0.0.0', ports: '514 1514', batchSize: '100' };
    default:
      return { type, host: '0.0.0.0', port: '514' };
  }
}

function sinkProps(type: string, i: number): Record<string, string> {
  switch (type) {
    case 'avro':
    case 'thrift':
      return { type, hostname: `198.18.0.${i + 1}`, port: '4141', 'batch-size': '1000' };
    case 'file_roll':
      return { type, 'sink.directory': '/var/lib/flume/x/events', 'sink.batchSize': '1000', 'sink.rollInterval': '300' };
    default:
      return { type };
  }
}

type Mutation = (draft: Draft, prng: Prng) => void;

const MUTATIONS: Mutation[] = [
  // numbers: capacities and batch sizes, anything from sane to garbage
  (d, p) => p.pick(d.of('channels')).props.set(p.pick(['capacity', 'transactionCapacity']), p.pick(NUMBERS)),
  (d, p) => {
    const sink = p.pick(d.of('sinks'));
    const key = { avro: 'batch-size', thrift: 'batch-size', file_roll: 'sink.batchSize' }[sink.props.get('type') ?? ''] ?? 'batch-size';
    sink.props.set(key, p.pick(NUMBERS));
  },
  (d, p) => d.of('sources')[0]!.props.set('batchSize', p.pick(NUMBERS)),
  (d, p) => p.pick(d.of('channels')).props.delete(p.pick(['capacity', 'transactionCapacity'])),
  // missing keys
  (d, p) => {
    const c = p.pick(d.components.filter((x) => x.kind !== 'configfilters'));
    const keys = [...c.props.keys()];
    if (keys.length > 0) c.props.delete(p.pick(keys));
  },
  (d, p) => {
    const c = p.pick(d.components);
    c.props.clear();
  },
  // type spellings: upper case, exact and wrong-case class names, unknown
  (d, p) => {
    const typed = d.components.filter((x) => x.props.has('type') && x.kind !== 'sinkgroups');
    if (typed.length === 0) return;
    const c = p.pick(typed);
    const type = c.props.get('type')!;
    const className = CLASS_NAMES[c.kind === 'sinks' ? `sink:${type}` : type];
    const options = [type.toUpperCase(), `${type}x`, 'org.example.Nope', ...(className ? [className, className.toLowerCase()] : [])];
    c.props.set('type', p.pick(options));
  },
  // ports
  (d, p) => {
    const withPort = d.components.filter((x) => x.props.has('port'));
    if (withPort.length > 0) p.pick(withPort).props.set('port', p.pick(['x41', '99999', '0', '65535', '-1']));
  },
  (d, p) => {
    const s = d.of('sources')[0]!;
    if (s.props.has('ports')) s.props.set('ports', p.pick(['514 x', '514', '1514  2514', '99999']));
  },
  // avro compression on either end
  (d, p) => {
    const rpc = d.components.filter((x) => x.props.get('type') === 'avro' || x.props.get('type') === 'thrift');
    if (rpc.length === 0) return;
    const c = p.pick(rpc);
    c.props.set('compression-type', p.pick(['none', 'deflate', 'DEFLATE', 'gzip']));
    if (p.chance(0.3)) c.props.set('compression-level', p.pick(['6', '0', 'x']));
  },
  // syslog host: optional for udp, needed at start for tcp
  (d) => d.of('sources')[0]!.props.delete('host'),
  // lists naming too much or too little
  (d, p) => {
    const kind = p.pick(['sources', 'channels', 'sinks'] as const);
    const names = d.lists.get(kind) ?? [];
    d.lists.set(kind, p.pick([[...names, 'ghost'], [...names, names[0] ?? 'x'], names.slice(1), []]));
  },
  (d, p) => d.extra.push([`${GENERATED_AGENT}.sinks.unlisted.type`, p.pick(['logger', 'avro'])]),
  // connections
  (d, p) => {
    const s = d.of('sources')[0]!;
    const channels = s.props.get('channels') ?? 'c1';
    s.props.delete('channels');
    s.props.set(p.pick(['channel', 'channels']), p.pick([channels, `${channels} ghost`, 'ghost', channels.split(' ')[0]!]));
  },
  (d, p) => {
    const k = p.pick(d.of('sinks'));
    const channel = k.props.get('channel') ?? 'c1';
    k.props.delete('channel');
    k.props.set(p.pick(['channel', 'channels']), p.pick([channel, `${channel} c0`, 'ghost']));
  },
  // sink groups
  (d, p) => {
    const sinks = d.of('sinks').map((s) => s.name);
    const group = d.of('sinkgroups')[0] ?? d.add('sinkgroups', 'g1', { sinks: sinks.join(' '), 'processor.type': 'load_balance' });
    group.props.set('processor.type', p.pick(['load_balance', 'failover', 'default', 'LOAD_BALANCE', 'Failover', 'round_robin']));
    if (p.chance(0.5)) group.props.set('sinks', p.pick([sinks[0]!, sinks.join(' '), `${sinks.join(' ')} ghost`, `${sinks[0]} ${sinks[0]}`]));
  },
  (d, p) => {
    const group = d.of('sinkgroups')[0];
    if (!group) return;
    for (const sink of d.of('sinks')) {
      group.props.set(`processor.priority.${sink.name}`, p.pick(['5', '5', '10', '-1', 'high', '1']));
    }
  },
  (d, p) => {
    const group = d.of('sinkgroups')[0];
    if (group) group.props.set('processor.selector', p.pick(['random', 'round_robin', 'ROUND_ROBIN', 'fastest']));
  },
  (d, p) => {
    const sinks = d.of('sinks').map((s) => s.name);
    d.add('sinkgroups', 'g2', { sinks: p.pick([sinks[sinks.length - 1]!, sinks.join(' ')]), 'processor.type': p.pick(['failover', 'load_balance', 'default']) });
  },
  (d) => d.of('sinkgroups')[0]?.props.delete('sinks'),
  // interceptors and selectors
  (d, p) => {
    const s = d.of('sources')[0]!;
    s.props.set('interceptors', p.pick(['i1', 'i1 i2', 'i2']));
    s.props.set('interceptors.i1.type', p.pick(['static', 'timestamp', 'host', 'TIMESTAMP', 'uuidx']));
    if (p.chance(0.5)) s.props.delete('interceptors.i1.type');
  },
  (d, p) => {
    const s = d.of('sources')[0]!;
    s.props.set('selector.type', p.pick(['replicating', 'REPLICATING', 'broadcast']));
    if (p.chance(0.5)) s.props.set('selector.optional', p.pick(['c0', 'c1', 'ghost', 'c0 c1']));
  },
  // two file channels sharing directories: Flume builds both (the second fails to lock them at start)
  (d) => {
    d.add('channels', 'cdup', { type: 'file', checkpointDir: '/var/lib/flume/x/channels/c1/checkpoint', dataDirs: '/var/lib/flume/x/channels/c1/data' });
    d.add('sinks', 'kdup', { type: 'logger', channel: 'cdup' });
  },
  // a departed unit's channel draining to a sink, with no source writing into it
  (d, p) => {
    d.add('channels', 'cdrain', { type: p.pick(['memory', 'file']), checkpointDir: '/var/lib/flume/x/channels/cdrain/checkpoint', dataDirs: '/var/lib/flume/x/channels/cdrain/data', transactionCapacity: p.pick(['1000', '100', '50']) });
    d.add('sinks', 'kdrain', { type: 'avro', hostname: '198.18.0.9', port: '4141', 'batch-size': p.pick(['500', '1000', '100']), channel: 'cdrain' });
  },
  // names Properties decodes: a \\uXXXX escape in the key and in the list
  (d, p) => {
    const c = p.pick(d.components.filter((x) => x.kind === 'sinks' || x.kind === 'channels'));
    const escaped = `${c.name}\\u00e9`;
    d.lists.set(c.kind, (d.lists.get(c.kind) ?? []).map((n) => (n === c.name ? escaped : n)));
    d.components.push({ kind: c.kind, name: escaped, props: new Map(c.props) });
    d.components.splice(d.components.indexOf(c), 1);
    for (const other of d.components) {
      for (const [k, v] of other.props) other.props.set(k, v.split(' ').map((t) => (t === c.name ? escaped : t)).join(' '));
    }
  },
  // configfilters, which Flume accepts (the charms never render ${...})
  (d) => {
    d.lists.set('configfilters', ['f1']);
    d.extra.push([`${GENERATED_AGENT}.configfilters.f1.type`, 'env']);
  },
  // property hygiene: another agent's keys, empty values, a key twice
  (d, p) => d.extra.push([`a2.sources.r1.${p.pick(['type', 'channels'])}`, 'avro']),
  (d, p) => d.extra.push([`${GENERATED_AGENT}.${p.pick(['sources.r1.port', 'channels.c1.capacity', 'sinks.k0.type', 'sinkgroups.g1.sinks'])}`, '']),
  (d, p) => {
    const c = p.pick(d.components);
    const keys = [...c.props.keys()];
    if (keys.length > 0) {
      const key = p.pick(keys);
      d.extra.push([`${GENERATED_AGENT}.${c.kind}.${c.name}.${key}`, p.pick(['1', 'logger', 'c1', 'x'])]);
    }
  },
  (d) => d.extra.push([`${GENERATED_AGENT}.sink.k0.type`, 'logger']),
  // a malformed \\uXXXX escape: Properties.load throws and Flume loads nothing
  (d) => d.extra.push([`${GENERATED_AGENT}.sinks.k0.note`, '\\uZZZZ']),
];

function mutate(draft: Draft, prng: Prng): void {
  prng.pick(MUTATIONS)(draft, prng);
}
