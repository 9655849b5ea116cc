// assessHealth: what the unit's status says, from Flume's metrics, the rendered flume.conf and the Flume log.
// Table tests, no I/O. The log lines are the ones Flume 1.11 writes (seen with the real build).
import { assessHealth, expectedComponents, STALL_WINDOW_MS, STARTUP_GRACE_SECONDS, summariseMetrics, type FlumeHealth, type HealthReading } from '../src';

const AGENT_CONF = [
  'a1.sources = syslog',
  'a1.channels = chan-main',
  'a1.sinks = sink-a sink-b',
  'a1.sinkgroups = sink-group',
  'a1.sources.syslog.type = syslogudp',
  'a1.sources.syslog.channels = chan-main',
  'a1.channels.chan-main.type = file',
  'a1.sinks.sink-a.type = avro',
  'a1.sinks.sink-a.channel = chan-main',
  'a1.sinks.sink-a.hostname = 198.18.0.2',
  'a1.sinks.sink-a.port = 4141',
  'a1.sinks.sink-b.type = avro',
  'a1.sinks.sink-b.channel = chan-main',
  'a1.sinks.sink-b.hostname = 198.18.0.3',
  'a1.sinks.sink-b.port = 4141',
  'a1.sinkgroups.sink-group.sinks = sink-a sink-b',
].join('\n');

const SINK_CONF = [
  'a1.sources = r1',
  'a1.channels = c1',
  'a1.sinks = k1',
  'a1.sources.r1.type = avro',
  'a1.sources.r1.channels = c1',
  'a1.channels.c1.type = file',
  'a1.sinks.k1.type = file_roll',
  'a1.sinks.k1.channel = c1',
  'a1.sinks.k1.sink.directory = /var/lib/flume/flume-hdfs/events',
].join('\n');

type Sink = { drained?: number; failed?: number };
function metrics(components: { sources?: string[]; channels?: Record<string, number>; sinks?: Record<string, Sink> }): ReturnType<typeof summariseMetrics> {
  const doc: Record<string, Record<string, string>> = {};
  for (const name of components.sources ?? []) doc[`SOURCE.${name}`] = { Type: 'SOURCE', EventReceivedCount: '0' };
  for (const [name, size] of Object.entries(components.channels ?? {})) doc[`CHANNEL.${name}`] = { Type: 'CHANNEL', ChannelSize: String(size) };
  for (const [name, s] of Object.entries(components.sinks ?? {})) {
    doc[`SINK.${name}`] = { Type: 'SINK', EventDrainSuccessCount: String(s.drained ?? 0), ConnectionFailedCount: String(s.failed ?? 0), EventWriteFail: '0', ChannelReadFail: '0' };
  }
  return summariseMetrics(doc);
}

const CONNECT_LOG = [
  "2026-12-03T13:20:48,928 WARN  [lifecycleSupervisor-1-0] (org.apache.flume.sink.AbstractRpcSink.start:299) - Unable to create Rpc client using hostname: 198.18.0.2, port: 4141",
  '2026-12-03T13:20:48,946 ERROR [SinkRunner-PollingRunner-DefaultSinkProcessor] (org.apache.flume.SinkRunner$PollingRunner.run:158) - Unable to deliver event. Exception follows.',
  'org.apache.flume.EventDeliveryException: Failed to send events',
  '\tat org.apache.flume.sink.AbstractRpcSink.process(AbstractRpcSink.java:398) ~[flume-ng-core-1.11.0.jar:1.11.0]',
  'Caused by: io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /198.18.0.2:4141',
];
const DROPPED_LOG = [
  '2026-12-03T13:21:57,983 ERROR [main] (org.apache.flume.node.AbstractConfigurationProvider.loadSinks:472) - Sink k1 has been removed due to an error during configuration',
  'java.lang.IllegalArgumentException: Directory may not be null',
  '\tat com.google.common.base.Preconditions.checkArgument(Preconditions.java:145) ~[guava-31.1-jre.jar:?]',
];
const UNWRITABLE_LOG = [
  '2026-12-03T13:21:03,465 ERROR [SinkRunner-PollingRunner-DefaultSinkProcessor] (org.apache.flume.SinkRunner$PollingRunner.run:158) - Unable to deliver event. Exception follows.',
  'org.apache.flume.EventDeliveryException: Failed to open file /var/lib/flume/flume-hdfs/events/1796304047906-1 while delivering event',
  'Caused by: java.io.FileNotFoundException: /var/lib/flume/flume-hdfs/events/1796304047906-1 (Permission denied)',
];

const agent = expectedComponents(AGENT_CONF, 'a1');
const sink = expectedComponents(SINK_CONF, 'a1');

describe('expectedComponents reads what flume.conf asks for', () => {
  it('lists sources, channels and sinks, and each sink target as a log hint', () => {
    expect(agent.sources).toEqual(['syslog']);
    expect(agent.channels).toEqual(['chan-main']);
    expect(agent.sinks.map((s) => [s.name, s.channel, s.remote, s.hints])).toEqual([
      ['sink-a', 'chan-main', true, ['198.18.0.2:4141']],
      ['sink-b', 'chan-main', true, ['198.18.0.3:4141']],
    ]);
    expect(sink.sinks[0]).toMatchObject({ type: 'file_roll', remote: false, hints: ['/var/lib/flume/flume-hdfs/events'] });
  });

  it('a flume.conf without sinks (the agent buffering) expects none', () => {
    expect(expectedComponents('a1.sources = s\na1.channels = c\n', 'a1').sinks).toEqual([]);
  });
});

interface Row {
  readonly name: string;
  readonly expected?: ReturnType<typeof expectedComponents>;
  readonly now: ReturnType<typeof summariseMetrics> | undefined;
  readonly previous?: HealthReading;
  readonly activeForSeconds?: number;
  readonly log?: string[];
  readonly health: Partial<FlumeHealth> & { kind: FlumeHealth['kind'] };
  readonly reason?: RegExp;
}

const both = { sources: ['syslog'], channels: { 'chan-main': 0 } };
const table: Row[] = [
  { name: 'metrics silent right after the start: starting, never Ready', now: undefined, activeForSeconds: 3, health: { kind: 'starting' } },
  { name: 'metrics silent and the start time unknown: starting', now: undefined, health: { kind: 'starting' } },
  {
    name: 'metrics silent long after the start: metrics-silent',
    now: undefined,
    activeForSeconds: STARTUP_GRACE_SECONDS + 1,
    health: { kind: 'metrics-silent' },
  },
  {
    name: 'every component reported, nothing failing, no traffic: healthy, 2 of 2 delivering',
    now: metrics({ ...both, sinks: { 'sink-a': {}, 'sink-b': {} } }),
    health: { kind: 'healthy', sinks: 2, delivering: 2, failing: [] },
  },
  {
    name: 'a sink Flume dropped: dropped, with its log line and the exception',
    expected: sink,
    now: metrics({ sources: ['r1'], channels: { c1: 0 } }),
    log: DROPPED_LOG,
    health: { kind: 'dropped', components: ['sink k1'] },
    reason: /^Sink k1 has been removed due to an error during configuration: java.lang.IllegalArgumentException: Directory may not be null$/,
  },
  {
    name: 'a component missing right after the start, no log line names it: starting (components start asynchronously)',
    now: metrics({ sources: ['syslog'], channels: {}, sinks: { 'sink-a': {}, 'sink-b': {} } }),
    activeForSeconds: 3,
    health: { kind: 'starting' },
  },
  {
    name: 'a component still missing after the start-up grace, no log line names it: dropped, the reason says so',
    now: metrics({ sources: ['syslog'], channels: {}, sinks: { 'sink-a': {}, 'sink-b': {} } }),
    activeForSeconds: 120,
    health: { kind: 'dropped', components: ['channel chan-main'] },
    reason: /no log line names chan-main/,
  },
  {
    name: 'first reading, both sinks failing to connect: not-delivering, remote (waiting), reason from the log',
    now: metrics({ ...both, sinks: { 'sink-a': { failed: 3 }, 'sink-b': { failed: 2 } } }),
    log: CONNECT_LOG,
    health: { kind: 'not-delivering', remote: true },
    reason: /Connection refused: \/198\.18\.0\.2:4141/,
  },
  {
    name: 'one sink of the group failing, the other draining: healthy, 1 of 2 delivering',
    now: metrics({ sources: ['syslog'], channels: { 'chan-main': 5 }, sinks: { 'sink-a': { failed: 9 }, 'sink-b': { drained: 120 } } }),
    previous: { sinks: { 'sink-a': { drained: 0, failures: 4 }, 'sink-b': { drained: 100, failures: 0 } }, channels: { 'chan-main': 5 } },
    log: CONNECT_LOG,
    health: { kind: 'healthy', sinks: 2, delivering: 1 },
  },
  {
    name: 'failures that stopped since the last reading (the sink recovered): healthy',
    now: metrics({ ...both, sinks: { 'sink-a': { failed: 9, drained: 50 }, 'sink-b': { failed: 0, drained: 40 } } }),
    previous: { sinks: { 'sink-a': { drained: 10, failures: 9 }, 'sink-b': { drained: 10, failures: 0 } }, channels: { 'chan-main': 30 } },
    health: { kind: 'healthy', sinks: 2, delivering: 2, failing: [] },
  },
  {
    name: 'no failure counted, but the backlog grows and nothing drains: stalled, not-delivering',
    now: metrics({ sources: ['syslog'], channels: { 'chan-main': 700 }, sinks: { 'sink-a': { drained: 10 }, 'sink-b': { drained: 10 } } }),
    previous: { sinks: { 'sink-a': { drained: 10, failures: 0 }, 'sink-b': { drained: 10, failures: 0 } }, channels: { 'chan-main': 500 } },
    health: { kind: 'not-delivering', remote: true },
    reason: /drains nothing while events wait/,
  },
  {
    name: 'a backlog on the first reading alone is not a stall (a batch may be in flight)',
    now: metrics({ sources: ['syslog'], channels: { 'chan-main': 700 }, sinks: { 'sink-a': { drained: 10 }, 'sink-b': {} } }),
    health: { kind: 'healthy', sinks: 2, delivering: 2 },
  },
  {
    name: 'a local sink that cannot write: not-delivering, not remote (blocked), reason from the log',
    expected: sink,
    now: metrics({ sources: ['r1'], channels: { c1: 40 }, sinks: { k1: { failed: 12 } } }),
    previous: { sinks: { k1: { drained: 0, failures: 6 } }, channels: { c1: 20 } },
    log: UNWRITABLE_LOG,
    health: { kind: 'not-delivering', remote: false },
    reason: /^java.io.FileNotFoundException: \/var\/lib\/flume\/flume-hdfs\/events\/\S+ \(Permission denied\)$/,
  },
  {
    name: 'counters lower than before (Flume restarted): compared from zero, not with the old reading',
    expected: sink,
    now: metrics({ sources: ['r1'], channels: { c1: 0 }, sinks: { k1: { drained: 5 } } }),
    previous: { sinks: { k1: { drained: 900, failures: 0 } }, channels: { c1: 0 } },
    health: { kind: 'healthy', sinks: 1, delivering: 1 },
  },
];

describe('assessHealth', () => {
  it.each(table.map((row) => [row.name, row]))('%s', (_name, row) => {
    const { health, reading } = assessHealth({
      expected: row.expected ?? agent,
      metrics: row.now,
      metricsProblem: 'Flume metrics unreachable on 127.0.0.1:34546 (ECONNREFUSED)',
      previous: row.previous,
      activeForSeconds: row.activeForSeconds,
      logTail: row.log ?? [],
    });
    expect(health).toMatchObject(row.health);
    if (row.reason) {
      const reason = health.kind === 'dropped' ? health.reason : health.kind === 'not-delivering' ? health.problems[0]?.reason : undefined;
      expect(reason).toMatch(row.reason);
    }
    // A reading is kept whenever the metrics answered, so that the next hook compares with it.
    expect(reading === undefined).toBe(row.now === undefined);
  });

  it('a backlog that did not move is "stalled" only against a reading at least STALL_WINDOW_MS old; a younger one is kept', () => {
    const stuck = metrics({ sources: ['r1'], channels: { c1: 50 }, sinks: { k1: { drained: 100 } } });
    const taken = 1_000_000;
    const base = { expected: sink, metrics: stuck, activeForSeconds: 600, logTail: [] };
    const first = assessHealth({ ...base, previous: undefined, now: taken });
    expect(first.health.kind).toBe('healthy');
    // Hooks back to back, mid-stream: the sink runner may be in its back-off between two polls.
    const soon = assessHealth({ ...base, previous: first.reading, now: taken + 100 });
    expect(soon.health.kind).toBe('healthy');
    expect(soon.reading).toBe(first.reading);
    const later = assessHealth({ ...base, previous: soon.reading, now: taken + STALL_WINDOW_MS });
    expect(later.health).toMatchObject({ kind: 'not-delivering', remote: false });
    expect(later.reading?.at).toBe(taken + STALL_WINDOW_MS);
  });

  it('the reading it returns is what the next call compares with: a sink failing twice in a row stays not-delivering', () => {
    const first = assessHealth({ expected: sink, metrics: metrics({ sources: ['r1'], channels: { c1: 1 }, sinks: { k1: { failed: 2 } } }), previous: undefined, activeForSeconds: 5, logTail: UNWRITABLE_LOG });
    const second = assessHealth({ expected: sink, metrics: metrics({ sources: ['r1'], channels: { c1: 9 }, sinks: { k1: { failed: 8 } } }), previous: first.reading, activeForSeconds: 300, logTail: UNWRITABLE_LOG });
    expect(second.health.kind).toBe('not-delivering');
    const recovered = assessHealth({ expected: sink, metrics: metrics({ sources: ['r1'], channels: { c1: 0 }, sinks: { k1: { failed: 8, drained: 9 } } }), previous: second.reading, activeForSeconds: 600, logTail: UNWRITABLE_LOG });
    expect(recovered.health).toEqual({ kind: 'healthy', sinks: 1, delivering: 1, failing: [] });
  });

  it("the charms' log layout (no ' - ' before the message) gives the same reason", () => {
    const charmLayout = ['2026-12-03 13:50:36,004 ERROR [main] (org.apache.flume.node.AbstractConfigurationProvider.loadSinks:472) Sink k1 has been removed due to an error during configuration', DROPPED_LOG[1] as string];
    const { health } = assessHealth({ expected: sink, metrics: metrics({ sources: ['r1'], channels: { c1: 0 } }), previous: undefined, activeForSeconds: 1, logTail: charmLayout });
    expect(health).toMatchObject({ kind: 'dropped', reason: 'Sink k1 has been removed due to an error during configuration: java.lang.IllegalArgumentException: Directory may not be null' });
  });

  it('reasons stay one line', () => {
    const { health } = assessHealth({ expected: sink, metrics: metrics({ sources: ['r1'], channels: { c1: 0 } }), previous: undefined, activeForSeconds: 1, logTail: ['2026 ERROR x (A.b:1) - Sink k1\u2028broke\nagain'] });
    expect(health.kind === 'dropped' && health.reason).not.toMatch(/[\n\u2028]/);
  });
});
