// Why an agent's TLS sink fails its handshake, from Flume 1.11's own log (docs/tls.md, "Log lines, agent side").
// A failed delivery is a block: a header line (A1: SinkRunner or a sink processor), then exception lines whose
// last `Caused by:` is the root cause. The block names its target as `NettyAvroRpcClient { host: H, port: P }`
// (Avro; H is a reverse lookup, so the port decides), or the failover processor names the sink, or else the
// thread's last `Rpc sink NAME: Building RpcClient ...` line does (Thrift says no host). Pure: no I/O.

export type TlsFailureKind = 'not-trusted' | 'expired' | 'plaintext-peer' | 'truststore-unreadable';

export interface TlsFailure {
  readonly kind: TlsFailureKind;
  /** One short line for a status: never a raw log line (a plaintext peer's bytes may be in those). */
  readonly reason: string;
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
const AVRO_TARGET = /NettyAvroRpcClient \{ host: [^,]+, port: (\d+) \}/;
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
    pattern: /java\.io\.IOException: NettyTransceiver closed$|SSLHandshakeException: Remote host terminated the handshake/,
    reason: () => 'the sink closed the connection (does it speak plaintext?)',
  },
];

interface Block {
  readonly thread: string;
  /** The sink the header names (failover), or the one the thread last built a client for. */
  readonly namedSink: string | undefined;
  readonly lines: string[];
}

/**
 * The latest TLS failure of each target sink found in `logTail` (oldest line first); sinks without one are
 * absent. Only TLS causes count: a refused connection or a full remote channel is another problem.
 */
export function tlsFailures(logTail: readonly string[], targets: readonly TlsSinkTarget[]): Map<string, TlsFailure> {
  const found = new Map<string, TlsFailure>();
  const lastBuilt = new Map<string, string>(); // thread -> sink name
  let truststoreProblem: string | undefined; // the cause line after the last "Cannot create SSL channel"
  let expectTruststoreCause = false;
  let block: Block | undefined;
  const close = (): void => {
    if (block === undefined) return;
    const target = targetOf(block, targets);
    const failure = target === undefined ? undefined : classify(block.lines, truststoreProblem);
    if (target !== undefined && failure !== undefined) found.set(target.name, failure);
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
    if (built) lastBuilt.set(thread, built[1] as string);
    if (SSL_CHANNEL_FAILED.test(message)) expectTruststoreCause = true;
    const header = DELIVERY_FAILED.exec(message);
    if (header) block = { thread, namedSink: header[1] ?? lastBuilt.get(thread), lines: [] };
  }
  close();
  return found;
}

function targetOf(block: Block, targets: readonly TlsSinkTarget[]): TlsSinkTarget | undefined {
  for (const line of block.lines) {
    const port = AVRO_TARGET.exec(line)?.[1];
    if (port === undefined) continue;
    const byPort = targets.filter((t) => t.port === port);
    // Several sinks on one port (units of one application): the thread's last client tells which.
    if (byPort.length === 1) return byPort[0];
    return byPort.find((t) => t.name === block.namedSink);
  }
  return targets.find((t) => t.name === block.namedSink);
}

function classify(lines: readonly string[], truststoreProblem: string | undefined): TlsFailure | undefined {
  const causes = lines.filter((l) => l.startsWith('Caused by:'));
  const root = causes[causes.length - 1] ?? lines.find((l) => l.trim() !== '' && !/^\s+at\s/.test(l)) ?? '';
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
