// Clients that fail the TLS handshake with a TLS source (the sink's side; tls-failures.ts is the agent's): an
// agent without TLS (the Python original, or one that ignores `tls-ca`) or one that does not trust the certificate. No Flume metric counts them; its log does
// (Flume 1.11.0, seen with real agents; docs/tls.md):
//   Avro:   WARN ... NettyServer$NettyServerAvroHandler.exceptionCaught ... - Unexpected exception from downstream.
//           io.netty.handler.codec.DecoderException: io.netty.handler.ssl.NotSslRecordException: not an SSL/TLS record: <hex>
//             (or: javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown)
//           INFO ... NettyServerAvroHandler.channelInactive ... - Connection to /198.18.0.3:41234 disconnected.
//   Thrift: ERROR ... TThreadPoolServer$WorkerProcess.run ... - Thrift Error occurred during processing of message.
//           org.apache.thrift.transport.TTransportException: javax.net.ssl.SSLException: Unsupported or unrecognized SSL message
//             (or: ...SSLHandshakeException: Received fatal alert: certificate_unknown); no peer address. A connect-and-close
//             (a port probe) logs "SSLHandshakeException: Remote host terminated the handshake": not counted.
// The record's hex dump holds event bytes: nothing of it is returned, only times, kinds and peers.

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
