// Clients that fail the TLS handshake with this source: an agent without TLS (the Python original, or one that
// ignores `tls-ca`) or one that does not trust our certificate. No Flume metric counts them; its log does
// (Flume 1.11.0, seen with real agents; docs/tls.md):
//   Avro:   WARN ... NettyServer$NettyServerAvroHandler.exceptionCaught ... - Unexpected exception from downstream.
//           io.netty.handler.codec.DecoderException: io.netty.handler.ssl.NotSslRecordException: not an SSL/TLS record: <hex>
//             (or: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown)
//           INFO ... NettyServerAvroHandler.channelInactive ... - Connection to /198.18.0.3:41234 disconnected.
//   Thrift: ERROR ... TThreadPoolServer$WorkerProcess.run ... - Thrift Error occurred during processing of message.
//           org.apache.thrift.transport.TTransportException: javax.net.ssl.SSLException: Unsupported or unrecognized SSL message
//             (or: ...SSLHandshakeException: Received fatal alert: certificate_unknown); no peer address. A connect-and-close
//             (a port probe) logs "SSLHandshakeException: Remote host terminated the handshake": not counted.
// The record's hex dump holds event bytes: nothing of it reaches a status or juju-log, only counts and peers.
import { fileTail, machinePath, type FlumeLayout } from '@flume-charms/flume';
import { log, unitState, type Json } from '@flume-charms/reactive';

export type HandshakeFailureKind = 'plaintext' | 'untrusted';

export interface HandshakeFailure {
  /** ISO-like local time of the log record (yyyy-mm-ddThh:mm:ss.mmm), sortable as text. */
  readonly time: string;
  readonly kind: HandshakeFailureKind;
  /** The client's address when Flume names it (Avro only). */
  readonly peer?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** The charm's log4j2 pattern (yyyy-MM-dd HH:mm:ss,SSS) and Flume's stock one (dd MMM yyyy HH:mm:ss,SSS). */
const HEADER = /^(?:(\d{4})-(\d{2})-(\d{2})|(\d{2}) ([A-Z][a-z]{2}) (\d{4})) (\d{2}:\d{2}:\d{2}),(\d{3})\s+[A-Z]+\s+\[([^\]]*)\]/;
const PLAINTEXT = /NotSslRecordException|Unsupported or unrecognized SSL message/;
/** The client refused our certificate. (`Remote host terminated the handshake` is a connect-and-close, e.g. a port probe: not counted.) */
const UNTRUSTED = /SSLHandshakeException: Received fatal alert/;
const DISCONNECTED = /Connection to \/([0-9A-Fa-f.:]+):\d+ disconnected/;

function headerOf(line: string): { time: string; thread: string } | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  const [, y1, mo1, d1, d2, mon2, y2, hms, ms, thread] = m;
  const month = mo1 ?? String(MONTHS.indexOf(mon2 ?? '') + 1).padStart(2, '0');
  return { time: `${y1 ?? y2}-${month}-${d1 ?? d2}T${hms}.${ms}`, thread: thread ?? '' };
}

/** Every failed handshake in these log lines, in order, once per log record (its stack repeats the cause). */
export function findHandshakeFailures(lines: readonly string[]): HandshakeFailure[] {
  const found: Array<{ time: string; kind: HandshakeFailureKind; thread: string; peer?: string }> = [];
  let record: { time: string; thread: string; counted: boolean } | undefined;
  for (const line of lines) {
    const header = headerOf(line);
    if (header) {
      record = { ...header, counted: false };
      const peer = DISCONNECTED.exec(line)?.[1];
      const last = found[found.length - 1];
      if (peer && last && last.peer === undefined && last.thread === header.thread) last.peer = peer;
    }
    if (!record || record.counted) continue;
    const kind = PLAINTEXT.test(line) ? 'plaintext' : UNTRUSTED.test(line) ? 'untrusted' : undefined;
    if (kind) {
      found.push({ time: record.time, kind, thread: record.thread });
      record.counted = true;
    }
  }
  return found.map(({ time, kind, peer }) => (peer === undefined ? { time, kind } : { time, kind, peer }));
}

const KV_HANDSHAKES = 'flume-hdfs.tls.handshakes';
/** A client still failing retries every few seconds; this long without a new failure, the notice goes. */
const QUIET_MS = 15 * 60 * 1000;
/** The end of the log that is read: a plaintext Avro failure is about 3 KiB with its stack. */
const TAIL_LINES = 5000;

interface HandshakeTally {
  readonly count: number;
  readonly since: string;
  readonly last: string;
  readonly kinds: readonly HandshakeFailureKind[];
}

function isTally(value: unknown): value is HandshakeTally {
  if (typeof value !== 'object' || value === null) return false;
  const bag = value as Record<string, unknown>;
  return typeof bag.count === 'number' && typeof bag.since === 'string' && typeof bag.last === 'string' && Array.isArray(bag.kinds);
}

function hintFor(kinds: readonly HandshakeFailureKind[]): string {
  const hints = [];
  if (kinds.includes('plaintext')) hints.push('a client without TLS?');
  if (kinds.includes('untrusted')) hints.push('a client that does not trust this certificate?');
  return hints.join(' or ');
}

/** Local log time (the machine's clock, as Flume writes it) to epoch ms. */
function localMillis(time: string): number {
  return new Date(time).getTime();
}

/**
 * Failed handshakes since they started (kept across hooks in unit state), or undefined when none happened for
 * a while. New ones are logged with their peers (juju-log WARNING), once.
 */
export async function handshakeFailures(layout: FlumeLayout, now = new Date()): Promise<{ count: number; since: string; hint: string } | undefined> {
  const stored = unitState.kv.get(KV_HANDSHAKES);
  const previous = isTally(stored) ? stored : undefined;
  const fresh = findHandshakeFailures(await fileTail(machinePath(layout.logFile), TAIL_LINES)).filter((f) => previous === undefined || f.time > previous.last);
  let tally = previous;
  if (fresh.length > 0) {
    const kinds = [...new Set([...(previous?.kinds ?? []), ...fresh.map((f) => f.kind)])].sort();
    tally = { count: (previous?.count ?? 0) + fresh.length, since: previous?.since ?? fresh[0]!.time, last: fresh[fresh.length - 1]!.time, kinds };
    unitState.kv.set(KV_HANDSHAKES, tally as unknown as Json);
    const peers = [...new Set(fresh.map((f) => f.peer).filter((p): p is string => p !== undefined))];
    await log(
      `${fresh.length} TLS handshake(s) failed on the source (${hintFor(tally.kinds)})` + (peers.length > 0 ? `; clients: ${peers.slice(0, 20).join(', ')}` : ''),
      'WARNING',
    );
  } else if (tally && now.getTime() - localMillis(tally.last) > QUIET_MS) {
    unitState.kv.unset(KV_HANDSHAKES);
    tally = undefined;
  }
  return tally ? { count: tally.count, since: tally.since, hint: hintFor(tally.kinds) } : undefined;
}
