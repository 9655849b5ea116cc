// The sink's tally of clients that fail the TLS handshake with its source, from the Flume log
// (packages/flume tls-handshake-log.ts finds them; docs/tls.md S1-S3): kept across hooks, logged once with peers.
// The log's hex dump of a plaintext record holds event bytes: only counts and peers leave this file.
import { fileTail, findHandshakeFailures, machinePath, type FlumeLayout, type HandshakeFailureKind } from '@flume-charms/flume';
import { log, unitState, type Json } from '@flume-charms/reactive';

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
