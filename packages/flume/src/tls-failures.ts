// Why an agent's TLS sink fails its handshake, from Flume 1.11's own log (docs/tls.md, "Log lines, agent side").
// A failed delivery is a block: a header line (A1: SinkRunner or a sink processor), then exception lines whose
// last `Caused by:` is the root cause. The failover processor names the sink; else an Avro block names its target as
// `NettyAvroRpcClient { host: H, port: P }` (H is getHostName(): the configured name, the address when no reverse
// name resolves, or a reverse name of a configured address). Thrift blocks name no host: the sinks that built a
// client on the block's thread are the candidates (every sink outside a group shares one thread name). A block
// that fits several sinks names none of them for sure (`candidates`). Pure: no I/O.

export type TlsFailureKind = 'not-trusted' | 'expired' | 'plaintext-peer' | 'truststore-unreadable';

export interface TlsFailure {
  readonly kind: TlsFailureKind;
  /** One short line for a status: never a raw log line (a plaintext peer's bytes may be in those). */
  readonly reason: string;
  /**
   * Set when the log does not tell which sink failed: the sinks it may be (two or more, this one among them).
   * Name none of them unless something else (e.g. which sinks Flume counts as failing) singles one out.
   */
  readonly candidates?: readonly string[];
}

export interface TlsSinkTarget {
  /** The sink's name in flume.conf. */
  readonly name: string;
  readonly host: string;
  readonly port: string;
}

/** `DATE TIME LEVEL [thread] (Class.method:line) message` (the charms' layout; Flume's own puts "- " before the message). */
const LOG_LINE = /^\S+[ T]\S+\s+(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+\[([^\]]*)\]\s+\(([^)]*)\)\s+(?:-\s+)?(.*)$/;
const DELIVERY_FAILED = /^(?:Unable to deliver event\. Exception follows\.|Sink failed to consume event\. Attempting next sink if available\.|Sink (\S+) failed and has been sent to failover list)$/;
const BUILDING_CLIENT = /^Rpc sink (\S+): Building RpcClient with hostname: (\S+), port: (\d+)$/;
const AVRO_TARGET = /NettyAvroRpcClient \{ host: ([^,]+), port: (\d+) \}/;
const IP_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9a-fA-F:]*:[0-9a-fA-F:.]*\]?)$/;
/** A4: the sink closed the connection. A plaintext source does so on every attempt; a sink's restart or crash once. */
const TRANSCEIVER_CLOSED = /java\.io\.IOException: NettyTransceiver closed$/;
const SSL_CHANNEL_FAILED = /^Cannot create SSL channel$/;

interface Classified {
  readonly kind: TlsFailureKind;
  readonly reason: (detail: string) => string;
  readonly pattern: RegExp;
}

// The root causes (the last `Caused by:` of a block, or its exception line) that a TLS sink fails with.
const ROOT_CAUSES: readonly Classified[] = [
  {
    kind: 'not-trusted',
    pattern: /No trusted certificate found|unable to find valid certification path to requested target|PKIX path building failed/,
    reason: () => 'certificate not trusted',
  },
  {
    kind: 'expired',
    pattern: /(?:SSLHandshakeException|CertificateExpiredException): NotAfter: (.{1,60})$/,
    reason: (notAfter) => `the sink's certificate expired (NotAfter: ${notAfter})`,
  },
  {
    kind: 'plaintext-peer',
    pattern: /SSLHandshakeException: Remote host terminated the handshake/,
    reason: () => 'the sink closed the connection (does it speak plaintext?)',
  },
];

const PLAINTEXT_PEER: TlsFailure = { kind: 'plaintext-peer', reason: 'the sink closed the connection (does it speak plaintext?)' };

interface Block {
  /** The sink the header names (failover only). */
  readonly namedSink: string | undefined;
  /** The target sinks that built a client on the block's thread (Thrift's only clue; several share a thread). */
  readonly builtOnThread: readonly string[];
  readonly lines: string[];
}

/**
 * The latest TLS failure of each target sink found in `logTail` (oldest line first); sinks without one are
 * absent. Only TLS causes count: a refused connection or a full remote channel is another problem.
 */
export function tlsFailures(logTail: readonly string[], targets: readonly TlsSinkTarget[]): Map<string, TlsFailure> {
  const found = new Map<string, TlsFailure>();
  const builtOn = new Map<string, Set<string>>(); // thread -> target sinks that built a client on it
  // Per sink: whether its latest failed attempt ended with "NettyTransceiver closed" (the log shows no successes,
  // so consecutive failed attempts are consecutive blocks of that sink).
  const lastClosed = new Map<string, boolean>();
  let truststoreProblem: string | undefined; // the cause line after the last "Cannot create SSL channel"
  let expectTruststoreCause = false;
  let block: Block | undefined;
  const close = (): void => {
    if (block === undefined) return;
    const sinks = candidatesOf(block, targets);
    const closed = rootCause(block.lines).search(TRANSCEIVER_CLOSED) >= 0;
    // A closed connection is a plaintext peer only when the previous attempt was closed too; once, it is a
    // restart or crash of the sink (no TLS wording; the latest failure is not a TLS one then).
    const repeated = sinks.length > 0 && sinks.every((s) => lastClosed.get(s) === true);
    const failure = closed ? (repeated ? PLAINTEXT_PEER : undefined) : classify(block.lines, truststoreProblem);
    for (const sink of sinks) {
      lastClosed.set(sink, closed);
      if (failure !== undefined) found.set(sink, sinks.length > 1 ? { ...failure, candidates: sinks } : failure);
      else if (closed) found.delete(sink);
    }
    block = undefined;
  };
  for (const line of logTail) {
    const parsed = LOG_LINE.exec(line);
    if (parsed === null) {
      if (expectTruststoreCause && line.trim() !== '') {
        truststoreProblem = shortCause(line);
        expectTruststoreCause = false;
      }
      block?.lines.push(line);
      continue;
    }
    close();
    expectTruststoreCause = false;
    const [, , thread = '', , message = ''] = parsed;
    const built = BUILDING_CLIENT.exec(message);
    if (built && targets.some((t) => t.name === built[1])) {
      builtOn.set(thread, (builtOn.get(thread) ?? new Set<string>()).add(built[1] as string));
    }
    if (SSL_CHANNEL_FAILED.test(message)) expectTruststoreCause = true;
    const header = DELIVERY_FAILED.exec(message);
    if (header) block = { namedSink: header[1], builtOnThread: [...(builtOn.get(thread) ?? [])], lines: [] };
  }
  close();
  return found;
}

/** The target sinks a block may be about, by the sink's name, its target's host and port, or its thread. */
function candidatesOf(block: Block, targets: readonly TlsSinkTarget[]): string[] {
  const named = targets.find((t) => t.name === block.namedSink);
  if (named !== undefined) return [named.name];
  const avro = block.lines.map((l) => AVRO_TARGET.exec(l)).find((m) => m !== null);
  if (avro) {
    const [, host = '', port = ''] = avro;
    const byPort = targets.filter((t) => t.port === port);
    const exact = byPort.filter((t) => t.host.toLowerCase() === host.toLowerCase());
    // No exact match and H is a name: any sink configured with an address may have that reverse name.
    const byReverseName = exact.length === 0 && !IP_ADDRESS.test(host) ? byPort.filter((t) => IP_ADDRESS.test(t.host)) : [];
    return (exact.length > 0 ? exact : byReverseName).map((t) => t.name);
  }
  return [...block.builtOnThread];
}

/** The last `Caused by:` of a block, or its exception line. */
function rootCause(lines: readonly string[]): string {
  const causes = lines.filter((l) => l.startsWith('Caused by:'));
  return causes[causes.length - 1] ?? lines.find((l) => l.trim() !== '' && !/^\s+at\s/.test(l)) ?? '';
}

function classify(lines: readonly string[], truststoreProblem: string | undefined): TlsFailure | undefined {
  const root = rootCause(lines);
  for (const known of ROOT_CAUSES) {
    const match = known.pattern.exec(root);
    if (match) return { kind: known.kind, reason: known.reason(match[1] ?? '') };
  }
  // A5: the truststore could not be read, so no connection was even made (root cause ClosedChannelException).
  if (truststoreProblem !== undefined && /ClosedChannelException|RPC connection error/.test(lines.join('\n'))) {
    return { kind: 'truststore-unreadable', reason: `the truststore cannot be read (${truststoreProblem})` };
  }
  return undefined;
}

/** An exception line as a short reason: its class's simple name and message, one line, bounded. */
function shortCause(line: string): string {
  const clean = line.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').trim().replace(/^(?:[a-z][\w$]*\.)+(?=[A-Z])/, '');
  return clean.length > 100 ? `${clean.slice(0, 99)}…` : clean;
}
