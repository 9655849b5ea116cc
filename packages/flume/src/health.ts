// Health comes from Flume, not from systemd: a running JVM is not a working pipeline. Flume drops a component
// it cannot build (one log line, and the agent keeps running), and a sink that cannot reach or write its
// target fails batch after batch while its channel fills. This module decides, from two readings of Flume's
// own metrics and the rendered flume.conf, what the unit's status should say. Pure: no I/O.
import type { MetricsSummary } from './metrics';
import { parseProperties } from './properties-parse';
import { tlsFailures, type TlsFailure, type TlsSinkTarget } from './tls-failures';

/** How long after systemd reports Flume active its metrics may still be silent before that is a problem. */
export const STARTUP_GRACE_SECONDS = 60;

export interface ExpectedSink {
  readonly name: string;
  readonly channel: string;
  readonly type: string;
  /** Its target is another machine (avro, thrift, hdfs): a failure there is a remote side's fault (waiting). */
  readonly remote: boolean;
  /** Text that a log line about this sink's target contains (host:port, a directory, an HDFS path). */
  readonly hints: readonly string[];
  /** An avro/thrift sink with `ssl = true`: its target, for tls-failures.ts. */
  readonly tls?: TlsSinkTarget;
}

export interface ExpectedComponents {
  readonly sources: readonly string[];
  readonly channels: readonly string[];
  readonly sinks: readonly ExpectedSink[];
}

const REMOTE_SINK_TYPES = new Set(['avro', 'thrift', 'hdfs', 'org.apache.flume.sink.AvroSink', 'org.apache.flume.sink.ThriftSink']);

/** The last answer: a hook asks twice for the same file (systemd's view, then the health check). */
let lastExpected: { readonly flumeConf: string; readonly agent: string; readonly expected: ExpectedComponents } | undefined;

/** The components a rendered flume.conf asks Flume for (the lists `AGENT.sources/channels/sinks` and each sink's target). */
export function expectedComponents(flumeConf: string, agent: string): ExpectedComponents {
  if (lastExpected !== undefined && lastExpected.agent === agent && lastExpected.flumeConf === flumeConf) return lastExpected.expected;
  const expected = parseExpectedComponents(flumeConf, agent);
  lastExpected = { flumeConf, agent, expected };
  return expected;
}

function parseExpectedComponents(flumeConf: string, agent: string): ExpectedComponents {
  const props = new Map(parseProperties(flumeConf).entries.map((e) => [e.key, e.value] as const));
  const list = (key: string): string[] => (props.get(`${agent}.${key}`) ?? '').split(/\s+/).filter((n) => n !== '');
  const sinks = list('sinks').map((name): ExpectedSink => {
    const prop = (key: string): string | undefined => props.get(`${agent}.sinks.${name}.${key}`);
    const type = prop('type') ?? '';
    const host = prop('hostname');
    const port = prop('port');
    const hints = [
      ...(host !== undefined && port !== undefined ? [`${host}:${port}`] : []),
      ...[prop('sink.directory'), prop('hdfs.path')].filter((h): h is string => h !== undefined),
    ];
    const tls = prop('ssl') === 'true' && host !== undefined && port !== undefined ? { tls: { name, host, port } } : {};
    return { name, channel: prop('channel') ?? '', type, remote: REMOTE_SINK_TYPES.has(type), hints, ...tls };
  });
  return { sources: list('sources'), channels: list('channels'), sinks };
}

/** What is kept between hooks (unit kv, JSON): the counters the next reading is compared with. */
export interface HealthReading {
  readonly sinks: Readonly<Record<string, { readonly drained: number; readonly failures: number }>>;
  readonly channels: Readonly<Record<string, number>>;
  /** When it was taken (ms since the epoch); absent in readings stored before it was kept. */
  readonly at?: number;
}

/**
 * A backlog that did not shrink says "stalled" only over at least this long: a Flume sink runner that found its
 * channel empty sleeps up to 5 s (maxBackoffSleep) before it looks again, and hooks often run back to back (a
 * sink read twice 100 ms apart, mid-stream, drained nothing and was withdrawn as stalled).
 */
export const STALL_WINDOW_MS = 15_000;

export interface HealthInput {
  readonly expected: ExpectedComponents;
  /** Flume's metrics; undefined when they did not answer (`metricsProblem` says how). */
  readonly metrics: MetricsSummary | undefined;
  readonly metricsProblem?: string;
  /** The reading of an earlier hook, if any. */
  readonly previous: HealthReading | undefined;
  /** Seconds since systemd reported the service active; undefined when unknown. */
  readonly activeForSeconds: number | undefined;
  /** The last lines of the Flume log, oldest first. */
  readonly logTail: readonly string[];
  /** Now, in ms since the epoch (tests); default Date.now(). */
  readonly now?: number;
}

export interface SinkProblem {
  readonly sink: string;
  readonly remote: boolean;
  readonly reason: string;
  /** A TLS sink whose handshake fails, and why (the log says so; `reason` is then its reason). */
  readonly tls?: TlsFailure;
}

export type FlumeHealth =
  /** Metrics not up yet after a start: maintenance "Starting Flume", never Ready. */
  | { readonly kind: 'starting' }
  /** Running for longer than the grace, and the metrics still do not answer. */
  | { readonly kind: 'metrics-silent'; readonly reason: string }
  /** Components of flume.conf that Flume does not report: it dropped them. */
  | { readonly kind: 'dropped'; readonly components: readonly string[]; readonly reason: string }
  /** Channels no sink drains: their sinks fail (or stall) while events wait. */
  | { readonly kind: 'not-delivering'; readonly remote: boolean; readonly problems: readonly SinkProblem[] }
  /** Every channel drains; `failing` sinks are covered by others (a load-balancing or failover group). */
  | { readonly kind: 'healthy'; readonly sinks: number; readonly delivering: number; readonly failing: readonly SinkProblem[] };

export interface HealthAssessment {
  readonly health: FlumeHealth;
  /** Store it for the next hook; undefined when the metrics did not answer (keep the previous one). */
  readonly reading: HealthReading | undefined;
}

export function assessHealth(input: HealthInput): HealthAssessment {
  const { expected, metrics } = input;
  if (metrics === undefined) {
    return {
      health: withinStartupGrace(input.activeForSeconds) ? { kind: 'starting' } : { kind: 'metrics-silent', reason: input.metricsProblem ?? 'no answer' },
      reading: undefined,
    };
  }
  const now = input.now ?? Date.now();
  const reading: HealthReading = { ...readingOf(metrics), at: now };
  const reported = (kind: string, names: readonly string[], have: ReadonlyArray<{ name: string }>): string[] =>
    names.filter((n) => !have.some((c) => c.name === n)).map((n) => `${kind} ${n}`);
  const missing = [
    ...reported('source', expected.sources, metrics.sources),
    ...reported('channel', expected.channels, metrics.channels),
    ...reported('sink', expected.sinks.map((s) => s.name), metrics.sinks),
  ];
  if (missing.length > 0) {
    const name = (missing[0] as string).split(' ')[1] as string;
    const logged = droppedLogLine(name, input.logTail);
    // Flume answers metrics before its supervisor has started every component (they start asynchronously), so a
    // component missing without a log line about it is still starting, until the grace is over.
    if (logged === undefined && withinStartupGrace(input.activeForSeconds)) return { health: { kind: 'starting' }, reading };
    return { health: { kind: 'dropped', components: missing, reason: logged ?? `Flume does not report it (no log line names ${name})` }, reading };
  }

  // Counters restart at 0 with Flume: a counter lower than before means a new process, so no previous reading.
  const previous = input.previous !== undefined && !wentBackwards(input.previous, reading) ? input.previous : undefined;
  // Too recent to tell a stalled sink from one between two polls: judged against an older reading next time,
  // so the stored one is kept.
  const recent = previous?.at !== undefined && now - previous.at < STALL_WINDOW_MS;
  const problems: SinkProblem[] = [];
  const tlsFailed = tlsFailures(input.logTail, expected.sinks.flatMap((s) => (s.tls ? [s.tls] : [])));
  for (const sink of expected.sinks) {
    const now = reading.sinks[sink.name] ?? { drained: 0, failures: 0 };
    const before = previous?.sinks[sink.name] ?? { drained: 0, failures: 0 };
    const drained = now.drained - before.drained;
    const failed = now.failures - before.failures;
    const backlog = reading.channels[sink.channel] ?? 0;
    const backlogBefore = recent ? undefined : previous?.channels[sink.channel];
    // Failing: failures since the last reading and nothing delivered. Stalled: events wait, none leave, and
    // the backlog did not shrink since the last reading (without one, a backlog alone may be a batch in flight).
    const failing = failed > 0 && drained === 0;
    const stalled = drained === 0 && backlog > 0 && backlogBefore !== undefined && backlog >= backlogBefore;
    if (failing || stalled) {
      const tls = tlsFailed.get(sink.name);
      problems.push({ sink: sink.name, remote: sink.remote, reason: tls?.reason ?? sinkReason(sink, input.logTail, failing), ...(tls ? { tls } : {}) });
    }
  }
  // A TLS failure the log cannot pin on one sink (several on one port) belongs to the one candidate with a
  // problem; with several, none is named: each keeps the reason the log gives for it.
  const troubled = new Set(problems.map((p) => p.sink));
  for (const [i, p] of problems.entries()) {
    const candidates = p.tls?.candidates;
    if (p.tls === undefined || candidates === undefined) continue;
    const sink = expected.sinks.find((s) => s.name === p.sink) as ExpectedSink;
    problems[i] = candidates.filter((c) => troubled.has(c)).length === 1
      ? { ...p, tls: { kind: p.tls.kind, reason: p.tls.reason } }
      : { sink: p.sink, remote: p.remote, reason: sinkReason(sink, input.logTail, (reading.sinks[p.sink]?.failures ?? 0) > (previous?.sinks[p.sink]?.failures ?? 0)) };
  }
  // A channel is stuck only when every sink reading it has a problem; one failing sink of a group is covered.
  const stuck = problems.filter((p) => {
    const channel = expected.sinks.find((s) => s.name === p.sink)?.channel;
    return expected.sinks.filter((s) => s.channel === channel).every((s) => problems.some((q) => q.sink === s.name));
  });
  const kept = recent ? previous : reading;
  if (stuck.length > 0) {
    return { health: { kind: 'not-delivering', remote: stuck.every((p) => p.remote), problems: stuck }, reading: kept };
  }
  return {
    health: { kind: 'healthy', sinks: expected.sinks.length, delivering: expected.sinks.length - problems.length, failing: problems },
    reading: kept,
  };
}

/** Failures of a sink as Flume counts them: connections that failed, writes that failed, channel reads that failed. */
function readingOf(metrics: MetricsSummary): HealthReading {
  const sinks: Record<string, { drained: number; failures: number }> = {};
  for (const component of metrics.components) {
    if (component.type !== 'SINK') continue;
    const c = component.counters;
    sinks[component.name] = {
      drained: c.EventDrainSuccessCount ?? 0,
      failures: (c.ConnectionFailedCount ?? 0) + (c.EventWriteFail ?? 0) + (c.ChannelReadFail ?? 0),
    };
  }
  const channels: Record<string, number> = {};
  for (const channel of metrics.channels) channels[channel.name] = channel.size;
  return { sinks, channels };
}

function wentBackwards(before: HealthReading, now: HealthReading): boolean {
  return Object.entries(now.sinks).some(([name, n]) => {
    const b = before.sinks[name];
    return b !== undefined && (n.drained < b.drained || n.failures < b.failures);
  });
}

const LOG_PROBLEM = /\b(WARN|ERROR|FATAL)\b/;
const STACK_FRAME = /^\s+at\s|^\s*\.\.\. \d+ more/;

function withinStartupGrace(activeForSeconds: number | undefined): boolean {
  return activeForSeconds === undefined || activeForSeconds < STARTUP_GRACE_SECONDS;
}

/** The log line naming a dropped component ("Sink k2 has been removed ..."), with the exception that follows it. */
function droppedLogLine(name: string, logTail: readonly string[]): string | undefined {
  const word = new RegExp(`(^|[^A-Za-z0-9_-])${escapeRegExp(name)}($|[^A-Za-z0-9_-])`);
  for (let i = logTail.length - 1; i >= 0; i -= 1) {
    const line = logTail[i] as string;
    if (!LOG_PROBLEM.test(line) || !word.test(line)) continue;
    const cause = logTail.slice(i + 1).find((l) => !STACK_FRAME.test(l));
    const own = messageOf(line);
    return cause !== undefined && !LOG_PROBLEM.test(cause) ? `${own}: ${oneLine(cause)}` : own;
  }
  return undefined;
}

/** The last log line about the sink's target (a Caused-by names the root cause); else what the counters say. */
function sinkReason(sink: ExpectedSink, logTail: readonly string[], failing: boolean): string {
  const about = [...logTail].reverse().filter((l) => sink.hints.some((h) => h !== '' && l.includes(h)));
  const line = about.find((l) => l.startsWith('Caused by:')) ?? about[0];
  if (line !== undefined) return oneLine(line.replace(/^Caused by:\s*/, ''));
  return failing ? `sink ${sink.name} keeps failing (Flume counts failed connections or writes)` : `sink ${sink.name} drains nothing while events wait`;
}

/**
 * A log4j line without its timestamp, level, thread and location: the charms' layout "DATE TIME LEVEL [thread]
 * (Class.method:12) message", and Flume's own default, which puts " - " before the message.
 */
const LOG_PREFIX = /^\S+[ T]\S+\s+(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+\[[^\]]*\]\s+\([^)]*\)\s+(?:-\s+)?/;
function messageOf(line: string): string {
  return oneLine(line.replace(LOG_PREFIX, ''));
}

function oneLine(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').trim();
  return clean.length > 160 ? `${clean.slice(0, 159)}…` : clean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
