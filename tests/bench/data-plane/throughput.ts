// Throughput and latency of one pipeline, seen from outside as a user would: syslog lines in over TCP,
// their ids counted in the sink's files.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventBatch, sendSyslog, type SyslogTarget } from '../../support';
import { EventsTail } from './events-tail';

export interface PipelineUnderTest {
  readonly label: string;
  readonly syslog: { readonly host: string; readonly port: number };
  /** Host paths of every sink unit's events directory. */
  readonly eventsDirs: readonly string[];
}

export interface ThroughputResult {
  readonly events: number;
  readonly delivered: number;
  readonly duplicated: number;
  /** From the first line sent to the poll that saw the last id. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

const POLL_MS = 100;

/** Sends `events` lines as fast as TCP takes them and waits until every id is in the files (or `timeoutMs`). */
export async function measureThroughput(pipeline: PipelineUnderTest, events: number, seed: string, timeoutMs: number): Promise<ThroughputResult> {
  const batch = eventBatch(seed, events);
  const wanted = new Set(batch.ids);
  const tail = new EventsTail(pipeline.eventsDirs);
  await tail.poll(); // what earlier runs left in the files
  let arrived = 0;
  const target: SyslogTarget = { ...pipeline.syslog, transport: 'tcp' };
  const start = performance.now();
  const sending = sendSyslog(target, batch.ids, { burst: 1000 });
  let sent: Awaited<typeof sending> | undefined;
  void sending.then((result) => (sent = result));
  while (performance.now() - start < timeoutMs) {
    arrived += (await tail.poll()).filter((id) => wanted.has(id)).length;
    if (arrived >= events) break;
    if (sent?.error) throw new Error(`${pipeline.label}: sending failed after ${sent.sent.length} lines: ${sent.error}`);
    await sleep(POLL_MS);
  }
  await sending;
  const arrivals = [...tail.firstSeen].filter(([id]) => wanted.has(id)).map(([, at]) => at);
  const delivered = arrivals.length;
  const seconds = (Math.max(start, ...arrivals) - start) / 1000;
  let duplicated = 0;
  for (const [id, copies] of tail.copies) if (wanted.has(id)) duplicated += copies - 1;
  return { events, delivered, duplicated, seconds, eventsPerSecond: delivered === events ? events / seconds : Number.NaN };
}

export interface LatencyResult {
  readonly lines: number;
  readonly delivered: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * One line at a time, `gapMs` apart (an idle pipeline, as a quiet log source leaves it); each line's latency is
 * from its send to the first 10 ms poll that finds it in the sink's files.
 */
export async function measureLatency(pipeline: PipelineUnderTest, lines: number, gapMs: number, seed: string, timeoutMs: number): Promise<LatencyResult> {
  const batch = eventBatch(seed, lines);
  const tail = new EventsTail(pipeline.eventsDirs);
  const sentAt = new Map<string, number>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      await tail.poll();
      await sleep(10);
    }
  })();
  try {
    for (const id of batch.ids) {
      sentAt.set(id, performance.now());
      const result = await sendSyslog({ ...pipeline.syslog, transport: 'tcp' }, [id]);
      if (result.error) throw new Error(`${pipeline.label}: latency line not sent: ${result.error}`);
      await sleep(gapMs);
    }
    const deadline = performance.now() + timeoutMs;
    while (batch.ids.some((id) => !tail.firstSeen.has(id)) && performance.now() < deadline) await sleep(50);
  } finally {
    polling = false;
    await poller;
  }
  const latencies = batch.ids.flatMap((id) => {
    const seen = tail.firstSeen.get(id);
    return seen === undefined ? [] : [seen - (sentAt.get(id) as number)];
  });
  return { lines, delivered: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
