import { checkFlumeConfig, firstErrorMessage, predictFlumeLoad } from '../src';

// Each failure mode is one that Flume does not reject loudly: FlumeConfiguration (flume-ng-configuration)
// drops the property, component or agent with a warning, or AbstractConfigurationProvider (flume-ng-node)
// removes the component while the agent keeps running.

const HDFS_SINK = `
# flume-hdfs: avro source -> file channel -> hdfs sink
a1.sources = avro-in
a1.channels = c1
a1.sinks = hdfs-out

a1.sources.avro-in.type = avro
a1.sources.avro-in.bind = 0.0.0.0
a1.sources.avro-in.port = 4141
a1.sources.avro-in.channels = c1

a1.channels.c1.type = file
a1.channels.c1.checkpointDir = /var/lib/flume/flume-hdfs/channels/c1/checkpoint
a1.channels.c1.dataDirs = /var/lib/flume/flume-hdfs/channels/c1/data
a1.channels.c1.capacity = 100000
a1.channels.c1.transactionCapacity = 1000

a1.sinks.hdfs-out.type = hdfs
a1.sinks.hdfs-out.channel = c1
a1.sinks.hdfs-out.hdfs.path = /user/flume/%{event_dir}/%Y-%m-%d
a1.sinks.hdfs-out.hdfs.useLocalTimeStamp = true
a1.sinks.hdfs-out.hdfs.batchSize = 1000
`;

const SYSLOG_AGENT = `
a1.sources = syslog
a1.channels = c1
a1.sinks = k0 k1
a1.sinkgroups = g1
a1.sources.syslog.type = syslogudp
a1.sources.syslog.host = 0.0.0.0
a1.sources.syslog.port = 514
a1.sources.syslog.channels = c1
a1.sources.syslog.interceptors = i1
a1.sources.syslog.interceptors.i1.type = static
a1.sources.syslog.interceptors.i1.key = event_dir
a1.sources.syslog.interceptors.i1.value = flume-syslog
a1.channels.c1.type = memory
a1.channels.c1.capacity = 10000
a1.channels.c1.transactionCapacity = 1000
a1.sinks.k0.type = avro
a1.sinks.k0.channel = c1
a1.sinks.k0.hostname = 10.0.0.1
a1.sinks.k0.port = 4141
a1.sinks.k0.batch-size = 1000
a1.sinks.k1.type = org.apache.flume.sink.AvroSink
a1.sinks.k1.channel = c1
a1.sinks.k1.hostname = fe80::1
a1.sinks.k1.port = 4141
a1.sinkgroups.g1.sinks = k0 k1
a1.sinkgroups.g1.processor.type = load_balance
`;

/** Replaces (or with `undefined`, removes) the line starting with `key =`, or appends it. */
function edit(config: string, key: string, value: string | undefined): string {
  const lines = config.split('\n');
  const index = lines.findIndex((l) => l.startsWith(`${key} =`));
  if (value === undefined) {
    if (index === -1) throw new Error(`no line ${key}`);
    lines.splice(index, 1);
  } else if (index === -1) {
    lines.push(`${key} = ${value}`);
  } else {
    lines[index] = `${key} = ${value}`;
  }
  return lines.join('\n');
}

function errorsOf(config: string): string[] {
  return checkFlumeConfig(config, 'a1').errors.map((e) => `${e.component}: ${e.message}`);
}

function expectFirstError(config: string, pattern: RegExp): void {
  const result = checkFlumeConfig(config, 'a1');
  expect(result.ok).toBe(false);
  expect(`${result.errors[0]?.component}: ${result.errors[0]?.message}`).toMatch(pattern);
}

describe('valid configurations pass', () => {
  test('the flume-hdfs shape: avro -> file channel -> hdfs', () => {
    expect(checkFlumeConfig(HDFS_SINK, 'a1')).toEqual({ ok: true, errors: [] });
  });

  test('the flume-syslog shape: syslogudp -> memory -> two avro sinks in a load_balance group', () => {
    expect(checkFlumeConfig(SYSLOG_AGENT, 'a1')).toEqual({ ok: true, errors: [] });
  });

  test('continuation lines and escapes are read as Flume reads them', () => {
    const config = edit(HDFS_SINK, 'a1.sinks', 'hdfs-out').replace('a1.sinks = hdfs-out', 'a1.sinks = \\\n    hdfs-out');
    expect(checkFlumeConfig(config, 'a1').ok).toBe(true);
  });

  test('defaults apply when capacities and batch sizes are not set (file channel: 1000000 / 10000, batch 100)', () => {
    let config = edit(HDFS_SINK, 'a1.channels.c1.capacity', undefined);
    config = edit(config, 'a1.channels.c1.transactionCapacity', undefined);
    config = edit(config, 'a1.sinks.hdfs-out.hdfs.batchSize', undefined);
    expect(checkFlumeConfig(config, 'a1').ok).toBe(true);
  });
});

describe('FlumeConfiguration.addRawProperty / AgentConfiguration.addProperty drop properties', () => {
  test('a property with an empty value is ignored (PROPERTY_VALUE_NULL)', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sinks.hdfs-out.hdfs.batchSize', ''), /hdfs\.batchSize has an empty value/);
  });

  test('a property of another agent is ignored for this one (agent name prefix)', () => {
    expectFirstError(HDFS_SINK + 'a2.sinks.hdfs-out.hdfs.path = /x\n', /a2\.sinks\.hdfs-out\.hdfs\.path is not a property of agent a1/);
  });

  test('a property outside sources/channels/sinks/sinkgroups is ignored (INVALID_PROPERTY)', () => {
    expectFirstError(HDFS_SINK + 'a1.sink.hdfs-out.hdfs.path = /x\n', /a1\.sink\.hdfs-out\.hdfs\.path is not a sources\/channels\/sinks\/sinkgroups\/configfilters property/);
  });

  test('a component key without a config key is ignored (parseConfigKey needs <name>.<key>)', () => {
    expectFirstError(HDFS_SINK + 'a1.sinks.hdfs-out = x\n', /is not a sources\/channels\/sinks\/sinkgroups\/configfilters property/);
  });

  test('a duplicate key: Properties keeps the last silently', () => {
    expectFirstError(HDFS_SINK + 'a1.sinks.hdfs-out.hdfs.path = /elsewhere\n', /duplicate key a1\.sinks\.hdfs-out\.hdfs\.path/);
  });

  test('a malformed \\uXXXX escape makes Properties.load throw', () => {
    expectFirstError(HDFS_SINK + 'a1.sinks.hdfs-out.hdfs.filePrefix = \\uZZZZ\n', /Malformed \\uxxxx encoding/);
  });
});

describe('AgentConfiguration.isValid drops components and agents', () => {
  test('no channels list: the whole agent is removed', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.channels', undefined), /^agent a1: no channels listed/);
  });

  test('no sources and no sinks: the agent is removed', () => {
    let config = edit(HDFS_SINK, 'a1.sources', undefined);
    config = edit(config, 'a1.sinks', undefined);
    expect(errorsOf(config)).toContain('agent a1: no sources or sinks listed; Flume drops the agent');
  });

  test('a name listed twice (the list becomes a set)', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinks', 'k0 k1 k0'), /^agent a1: sinks lists k0 twice/);
  });

  test('keys for a component that is not listed are never read', () => {
    expectFirstError(HDFS_SINK + 'a1.sinks.forgotten.type = logger\n', /^sink forgotten: .*which a1\.sinks does not list/);
  });

  test('a listed component without any property is removed (CONFIG_ERROR)', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinks', 'k0 k1 k2'), /^sink k2: is listed but has no properties/);
  });

  test('a channel without type is removed ("Component has no type. Cannot configure.")', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.channels.c1.type', undefined), /^channel c1: has no type/);
  });

  test('a source without type is removed', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sources.avro-in.type', undefined), /^source avro-in: has no type/);
  });

  test('a sink without type is removed', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sinks.hdfs-out.type', undefined), /^sink hdfs-out: has no type/);
  });
});

describe('validateSources: sources need `channels` (plural) naming existing channels', () => {
  test('a source with `channel` (singular) has no channels and is dropped', () => {
    const config = edit(HDFS_SINK, 'a1.sources.avro-in.channels', undefined) + 'a1.sources.avro-in.channel = c1\n';
    expectFirstError(config, /^source avro-in: sets channel, but a source needs channels \(plural\)/);
  });

  test('a source without channels is dropped ("No Channels configured")', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sources.avro-in.channels', undefined), /^source avro-in: has no channels/);
  });

  test('a channel the source names but that does not exist is silently left out (retainAll)', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sources.avro-in.channels', 'c1 c9'), /^source avro-in: names channel c9, which is not listed/);
  });
});

describe('validateSinks: a sink needs exactly one existing `channel` (singular)', () => {
  test('a sink with `channels` (plural) is dropped', () => {
    const config = edit(HDFS_SINK, 'a1.sinks.hdfs-out.channel', undefined) + 'a1.sinks.hdfs-out.channels = c1\n';
    expectFirstError(config, /^sink hdfs-out: sets channels, but a sink needs exactly one channel/);
  });

  test('a sink naming two channels is dropped ("Channel c1 c2 not in active set")', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sinks.hdfs-out.channel', 'c1 c2'), /^sink hdfs-out: names several channels/);
  });

  test('a sink naming a missing channel is dropped', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sinks.hdfs-out.channel', 'c9'), /^sink hdfs-out: names channel c9, which is not listed/);
  });

  test('a sink without channel is dropped', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sinks.hdfs-out.channel', undefined), /^sink hdfs-out: has no channel/);
  });
});

describe('validateGroups / loadSinkGroups: sink groups', () => {
  test('a group naming a missing sink skips it ("sink not found")', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinkgroups.g1.sinks', 'k0 k1 k7'), /^sinkgroup g1: names sink k7, which does not exist/);
  });

  test('a sink two groups name goes to one of them, in hash order (PROPERTY_PART_OF_ANOTHER_GROUP)', () => {
    const config = edit(SYSLOG_AGENT, 'a1.sinkgroups', 'g1 g2') + 'a1.sinkgroups.g2.sinks = k1\na1.sinkgroups.g2.processor.type = default\n';
    expectFirstError(config, /^sinkgroup g1: names sink k1, which sinkgroup g2 also names/);
    // Flume validates g1 first (java.util.HashSet order): g1 keeps k1, g2 has no sink left and is dropped.
    expect(errorsOf(config)).toContain('sinkgroup g2: has no sink that is listed and not in another group (k1); Flume drops it');
  });

  test('a listed group without sinks is removed', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinkgroups.g1.sinks', undefined), /^sinkgroup g1: has no sinks/);
  });
});

describe('channel capacities (the channel fails to configure, or every take fails)', () => {
  test('transactionCapacity greater than capacity', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.channels.c1.transactionCapacity', '200000'), /^channel c1: transactionCapacity 200000 is greater than capacity 100000/);
  });

  test('transactionCapacity greater than the memory channel default capacity (100)', () => {
    const config = edit(SYSLOG_AGENT, 'a1.channels.c1.capacity', undefined);
    expectFirstError(config, /^channel c1: transactionCapacity 1000 is greater than capacity 100/);
  });

  test('hdfs.batchSize greater than the channel transactionCapacity', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sinks.hdfs-out.hdfs.batchSize', '5000'), /^sink hdfs-out: hdfs\.batchSize 5000 is greater than channel c1 transactionCapacity 1000/);
  });

  test('avro batch-size greater than the channel transactionCapacity', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinks.k0.batch-size', '1001'), /^sink k0: batch-size 1001 is greater than channel c1 transactionCapacity 1000/);
  });

  test('file_roll sink.batchSize greater than the channel transactionCapacity', () => {
    let config = edit(HDFS_SINK, 'a1.sinks.hdfs-out.type', 'file_roll');
    config = edit(config, 'a1.sinks.hdfs-out.hdfs.path', undefined);
    config = edit(config, 'a1.sinks.hdfs-out.hdfs.batchSize', undefined) + 'a1.sinks.hdfs-out.sink.directory = /var/lib/flume/x/events\na1.sinks.hdfs-out.sink.batchSize = 2000\n';
    expectFirstError(config, /^sink hdfs-out: sink\.batchSize 2000 is greater than/);
  });

  test('a non-numeric capacity', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.channels.c1.capacity', 'lots'), /^channel c1: capacity lots is not a number/);
  });
});

describe('required keys per component type', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['syslogtcp without host (SyslogTcpSource binds host:port and fails to start)', 'syslogtcp', 'host', /^source s: syslogtcp needs host/],
    ['syslogtcp without port', 'syslogtcp', 'port', /^source s: syslogtcp needs port/],
  ];
  const syslogSource = (type: string): string =>
    `a1.sources = s\na1.channels = c\na1.sinks = k\na1.sources.s.type = ${type}\na1.sources.s.host = 0.0.0.0\n` +
    'a1.sources.s.port = 514\na1.sources.s.channels = c\na1.channels.c.type = memory\na1.sinks.k.type = logger\na1.sinks.k.channel = c\n';
  test.each(cases)('%s', (_name, type, removed, pattern) => {
    expect(checkFlumeConfig(syslogSource(type), 'a1').ok).toBe(true);
    expectFirstError(edit(syslogSource(type), `a1.sources.s.${removed}`, undefined), pattern);
  });

  test('multiport_syslogtcp without ports, and with a bad port in the list', () => {
    const base = syslogSource('multiport_syslogtcp').replace('a1.sources.s.port = 514', 'a1.sources.s.ports = 514 1514');
    expect(checkFlumeConfig(base, 'a1').ok).toBe(true);
    expectFirstError(edit(base, 'a1.sources.s.ports', undefined), /^source s: multiport_syslogtcp needs ports/);
    expectFirstError(edit(base, 'a1.sources.s.ports', '514 99999'), /^source s: ports lists 99999, which is not a port number/);
  });

  test('avro source without bind, and without port', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sources.avro-in.bind', undefined), /^source avro-in: avro needs bind/);
    expectFirstError(edit(HDFS_SINK, 'a1.sources.avro-in.port', undefined), /^source avro-in: avro needs port/);
  });

  test('avro sink without hostname, and without port (also by class name)', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinks.k0.hostname', undefined), /^sink k0: avro needs hostname/);
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinks.k1.port', undefined), /^sink k1: avro needs port/);
  });

  test('hdfs sink without hdfs.path', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sinks.hdfs-out.hdfs.path', undefined), /^sink hdfs-out: hdfs needs hdfs\.path/);
  });

  test('file_roll without sink.directory', () => {
    let config = edit(HDFS_SINK, 'a1.sinks.hdfs-out.type', 'file_roll');
    config = edit(config, 'a1.sinks.hdfs-out.hdfs.path', undefined);
    expectFirstError(config, /^sink hdfs-out: file_roll needs sink\.directory/);
  });

  test('file channel without checkpointDir or dataDirs (defaults under ~/.flume are shared and unwritable)', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.channels.c1.checkpointDir', undefined), /^channel c1: file needs checkpointDir/);
    expectFirstError(edit(HDFS_SINK, 'a1.channels.c1.dataDirs', undefined), /^channel c1: file needs dataDirs/);
  });

  test('a port that is not a port number', () => {
    expectFirstError(edit(HDFS_SINK, 'a1.sources.avro-in.port', '41x41'), /^source avro-in: port 41x41 is not a number/);
    expectFirstError(edit(HDFS_SINK, 'a1.sources.avro-in.port', '99999'), /^source avro-in: port 99999 is not a port number/);
  });
});

describe('AbstractConfigurationProvider removes unconnected channels', () => {
  test('a channel no source or sink uses ("has no components connected and has been removed")', () => {
    const config = edit(HDFS_SINK, 'a1.channels', 'c1 spare') + 'a1.channels.spare.type = memory\n';
    expectFirstError(config, /^channel spare: is connected to no source or sink/);
  });
});

describe('status message', () => {
  test('the first error becomes a short blocked message', () => {
    const result = checkFlumeConfig(edit(HDFS_SINK, 'a1.sinks.hdfs-out.hdfs.path', undefined), 'a1');
    expect(firstErrorMessage(result)).toBe('Invalid flume.conf: sink hdfs-out hdfs needs hdfs.path');
    expect(firstErrorMessage(checkFlumeConfig(HDFS_SINK, 'a1'))).toBeUndefined();
  });
});

// What Flume drops only when it builds the components (AbstractConfigurationProvider), found by holding the
// checker against real Flume (test/checker-oracle.test.ts); and what Flume accepts that the checker used to refuse.
describe('building components: what Flume drops after validation', () => {
  const dropOf = (config: string, component: string): string[] =>
    checkFlumeConfig(config, 'a1').errors.filter((e) => e.component === component && e.effect === undefined).map((e) => e.message);

  test('a load_balance group with one sink is dropped, and its sink with it', () => {
    const config = edit(SYSLOG_AGENT, 'a1.sinkgroups.g1.sinks', 'k0');
    expectFirstError(config, /^sinkgroup g1: is a load_balance group with one sink/);
    expect(dropOf(config, 'sink k0')).toEqual(['its sinkgroup g1 was dropped']);
    expect(predictFlumeLoad(config, 'a1')).toMatchObject({ kind: 'loaded', survivors: { sinks: ['k1'], sinkgroups: [] } });
  });

  test('failover sinks with equal priorities: Flume never uses all but one of them', () => {
    let config = edit(SYSLOG_AGENT, 'a1.sinkgroups.g1.processor.type', 'failover');
    config += 'a1.sinkgroups.g1.processor.priority.k0 = 5\na1.sinkgroups.g1.processor.priority.k1 = 5\n';
    const result = checkFlumeConfig(config, 'a1');
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.message)).toContain('has the same failover priority as another sink of its group, so Flume never uses it');
    expect(checkFlumeConfig(edit(config, 'a1.sinkgroups.g1.processor.priority.k1', '10'), 'a1').ok).toBe(true);
  });

  test('a sink group without processor.type is dropped (Flume 1.11 cannot load a null processor type)', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinkgroups.g1.processor.type', undefined), /^sinkgroup g1: has no processor\.type/);
  });

  test('a sink group without sinks makes Flume start nothing (NullPointerException in validation)', () => {
    const prediction = predictFlumeLoad(edit(SYSLOG_AGENT, 'a1.sinkgroups.g1.sinks', undefined), 'a1');
    expect(prediction.kind).toBe('fatal');
  });

  test('a group naming a sink that Flume dropped while building makes Flume start nothing at all', () => {
    const config = edit(SYSLOG_AGENT, 'a1.sinks.k0.batch-size', '5000'); // > transactionCapacity 1000: k0 is dropped
    expect(dropOf(config, 'sinkgroup g1')).toEqual(['names sink k0, which Flume dropped; Flume then starts nothing at all']);
    expect(predictFlumeLoad(config, 'a1')).toMatchObject({ kind: 'loaded', survivors: { sources: [], channels: [], sinks: [], sinkgroups: [] } });
  });

  test('an interceptor without a type, or of a type Flume cannot load, drops the source', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sources.syslog.interceptors.i1.type', undefined), /^source syslog: interceptor i1 has no type/);
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sources.syslog.interceptors.i1.type', 'stattic'), /^source syslog: interceptor i1 has type stattic, which cannot be loaded/);
    expect(checkFlumeConfig(edit(SYSLOG_AGENT, 'a1.sources.syslog.interceptors.i1.type', 'TIMESTAMP'), 'a1').ok).toBe(true);
  });

  test('a source batch above the channel transactionCapacity drops the source (checkSourceChannelCompatibility)', () => {
    const multiport = SYSLOG_AGENT.replace('type = syslogudp', 'type = multiport_syslogtcp').replace('syslog.port = 514', 'syslog.ports = 514');
    let config = edit(multiport, 'a1.channels.c1.transactionCapacity', '50');
    config = edit(edit(config, 'a1.sinks.k0.batch-size', '50'), 'a1.sinks.k1.batch-size', '50');
    expectFirstError(config, /^source syslog: batchSize 100 is greater than channel c1 transactionCapacity 50/); // its default batch
    expect(checkFlumeConfig(edit(config, 'a1.sources.syslog.batchSize', '50'), 'a1').ok).toBe(true);
  });

  test('hdfs.codeC with hdfs.fileType DataStream, a codec Hadoop lacks, CompressedStream without a codec', () => {
    expectFirstError(HDFS_SINK + 'a1.sinks.hdfs-out.hdfs.codeC = gzip\na1.sinks.hdfs-out.hdfs.fileType = DataStream\n', /^sink hdfs-out: hdfs\.codeC is set, but hdfs\.fileType DataStream cannot compress/);
    expectFirstError(HDFS_SINK + 'a1.sinks.hdfs-out.hdfs.codeC = lzo\na1.sinks.hdfs-out.hdfs.fileType = CompressedStream\n', /^sink hdfs-out: hdfs\.codeC lzo is not a codec Hadoop ships/);
    expectFirstError(HDFS_SINK + 'a1.sinks.hdfs-out.hdfs.fileType = CompressedStream\n', /^sink hdfs-out: hdfs\.fileType CompressedStream needs hdfs\.codeC/);
    for (const codec of ['gzip', 'GzipCodec', 'org.apache.hadoop.io.compress.BZip2Codec', 'snappy']) {
      expect(checkFlumeConfig(HDFS_SINK + `a1.sinks.hdfs-out.hdfs.codeC = ${codec}\na1.sinks.hdfs-out.hdfs.fileType = CompressedStream\n`, 'a1').ok).toBe(true);
    }
    expectFirstError(HDFS_SINK + 'a1.sinks.hdfs-out.hdfs.codeC = None\na1.sinks.hdfs-out.hdfs.fileType = CompressedStream\n', /needs hdfs\.codeC/);
    expectFirstError(HDFS_SINK + 'a1.sinks.hdfs-out.hdfs.rollSize = 10MB\n', /^sink hdfs-out: hdfs\.rollSize 10MB is not a number/);
  });

  test('a type Flume cannot load (a wrong-case class name, a typo) makes it start nothing; the exact class name works', () => {
    expect(predictFlumeLoad(edit(SYSLOG_AGENT, 'a1.sinks.k1.type', 'org.apache.flume.sink.avrosink'), 'a1').kind).toBe('fatal');
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinks.k1.type', 'avroo'), /^sink k1: has type avroo, a class Flume cannot load/);
    expect(checkFlumeConfig(SYSLOG_AGENT, 'a1').ok).toBe(true); // k1 is org.apache.flume.sink.AvroSink
  });

  test('a Flume type the charms never render is refused as not modelled, not passed', () => {
    expectFirstError(edit(SYSLOG_AGENT, 'a1.sinks.k1.type', 'null'), /^sink k1: has type null, which this checker does not model/);
    expectFirstError(edit(SYSLOG_AGENT, 'a1.channels.c1.type', 'jdbc'), /^channel c1: has type jdbc, which this checker does not model/);
  });
});

describe('what Flume keeps, and whether it should', () => {
  test('configfilters are Flume configuration, not foreign keys', () => {
    expect(checkFlumeConfig(HDFS_SINK + 'a1.configfilters = f1\na1.configfilters.f1.type = env\n', 'a1')).toEqual({ ok: true, errors: [] });
  });

  test('syslogudp without host binds the wildcard address, as Flume intends', () => {
    const config = SYSLOG_AGENT.replace('a1.sources.syslog.host = 0.0.0.0\n', '');
    expect(checkFlumeConfig(config, 'a1')).toEqual({ ok: true, errors: [] });
  });

  test('two file channels sharing a directory: Flume builds both, the second cannot lock it at start', () => {
    const config = edit(HDFS_SINK, 'a1.sinks', 'hdfs-out spare').replace('a1.channels = c1', 'a1.channels = c1 c2') +
      'a1.channels.c2.type = file\na1.channels.c2.checkpointDir = /var/lib/flume/flume-hdfs/channels/c2/checkpoint\n' +
      'a1.channels.c2.dataDirs = /var/lib/flume/flume-hdfs/channels/c1/data/\na1.sinks.spare.type = logger\na1.sinks.spare.channel = c2\n';
    const result = checkFlumeConfig(config, 'a1');
    expect(result.errors).toEqual([{
      component: 'channel c2',
      message: 'uses directory /var/lib/flume/flume-hdfs/channels/c1/data, which channel c1 uses too (the second file channel cannot lock it and fails to start)',
      effect: 'fails-at-start',
    }]);
    expect(predictFlumeLoad(config, 'a1')).toMatchObject({ survivors: { channels: ['c1', 'c2'] } });
  });

  test('a memory channel with an unparsable capacity gets its default: refused, marked as ignored by Flume', () => {
    const config = edit(SYSLOG_AGENT, 'a1.channels.c1.capacity', 'lots');
    expect(checkFlumeConfig(config, 'a1').errors[0]).toEqual({ component: 'channel c1', message: 'capacity lots is not a positive integer (Flume uses 100)', effect: 'ignored' });
    // ...and then its transactionCapacity 1000 exceeds that default 100: Flume drops the channel.
    expect(checkFlumeConfig(config, 'a1').errors[1]).toEqual({ component: 'channel c1', message: 'transactionCapacity 1000 is greater than capacity 100' });
  });

  test('an avro compression-type other than none or deflate silently means no compression', () => {
    expect(checkFlumeConfig(edit(SYSLOG_AGENT, 'a1.sinks.k0.compression-type', 'DEFLATE'), 'a1').ok).toBe(true);
    expect(checkFlumeConfig(edit(SYSLOG_AGENT, 'a1.sinks.k0.compression-type', 'gzip'), 'a1').errors).toEqual([
      { component: 'sink k0', message: 'compression-type gzip is neither none nor deflate (Flume does not compress)', effect: 'ignored' },
    ]);
  });

  test('an avro sink batch-size Flume cannot parse becomes 100', () => {
    expect(checkFlumeConfig(edit(SYSLOG_AGENT, 'a1.sinks.k0.batch-size', '0'), 'a1').errors).toEqual([
      { component: 'sink k0', message: 'batch-size 0 is not a positive integer (Flume uses 100)', effect: 'ignored' },
    ]);
  });
});
