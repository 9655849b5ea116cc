// A syslog client for tests: sends one line per event id, over TCP (newline-framed, as rsyslog's
// plain TCP forwarding) or UDP (one datagram a line). UDP goes in small paced bursts: the kernel's default
// receive buffer holds about 250 small datagrams, Flume's syslogudp source commits each event to the file
// channel on its own (a few hundred a second, fewer on a busy machine), and syslog over UDP has no acknowledgement to retry on; so a
// faster sender loses datagrams before Flume ever sees them.
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export type SyslogFormat = 'rfc3164' | 'rfc5424';
export type SyslogTransport = 'tcp' | 'udp';

export interface SyslogTarget {
  readonly host: string;
  readonly port: number;
  readonly transport: SyslogTransport;
}

export interface SendOptions {
  readonly format?: SyslogFormat;
  /** Lines per burst; 10 by default for UDP, 500 for TCP. */
  readonly burst?: number;
  /** Pause after each burst; 100 ms by default for UDP (at most 100 lines/s), 0 for TCP. */
  readonly pauseMs?: number;
  /** Stop early (the ids not sent are reported) once this says so, checked between bursts. */
  readonly shouldStop?: () => boolean;
}

export interface SendResult {
  /** Ids whose line was handed to the kernel without error, in order. */
  readonly sent: readonly string[];
  /** Ids not sent: stopped early, or the connection failed. */
  readonly unsent: readonly string[];
  /** Why the send ended early, if it did. */
  readonly error?: string;
}

const FACILITY_LOCAL0 = 16;
const SEVERITY_INFO = 6;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One syslog line (no newline) whose message carries the id, once (the counter counts each occurrence). */
export function syslogLine(id: string, format: SyslogFormat = 'rfc3164', at: Date = new Date()): string {
  const pri = `<${FACILITY_LOCAL0 * 8 + SEVERITY_INFO}>`;
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'localhost';
  if (format === 'rfc5424') {
    return `${pri}1 ${at.toISOString()} ${host} flume-test ${process.pid} test - event ${id}`;
  }
  const day = String(at.getDate()).padStart(2, ' ');
  const time = [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${pri}${MONTHS[at.getMonth()]} ${day} ${time} ${host} flume-test[${process.pid}]: event ${id}`;
}

/** Sends one line per id to the target and resolves once every line left this process (or it failed). */
export async function sendSyslog(target: SyslogTarget, ids: readonly string[], options: SendOptions = {}): Promise<SendResult> {
  const format = options.format ?? 'rfc3164';
  const burst = Math.max(1, options.burst ?? (target.transport === 'udp' ? 10 : 500));
  const pauseMs = options.pauseMs ?? (target.transport === 'udp' ? 100 : 0);
  const sender = target.transport === 'udp' ? await udpSender(target) : await tcpSender(target);
  let index = 0;
  try {
    while (index < ids.length) {
      if (options.shouldStop?.()) break;
      const chunk = ids.slice(index, index + burst);
      await sender.send(chunk.map((id) => syslogLine(id, format)));
      index += chunk.length;
      if (pauseMs > 0 && index < ids.length) await sleep(pauseMs);
    }
    await sender.close();
    return { sent: ids.slice(0, index), unsent: ids.slice(index) };
  } catch (error) {
    sender.destroy();
    return { sent: ids.slice(0, index), unsent: ids.slice(index), error: error instanceof Error ? error.message : String(error) };
  }
}

interface LineSender {
  send(lines: readonly string[]): Promise<void>;
  close(): Promise<void>;
  destroy(): void;
}

async function tcpSender(target: SyslogTarget): Promise<LineSender> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host: target.host, port: target.port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
  let failure: Error | undefined;
  socket.on('error', (error) => {
    failure = error;
  });
  return {
    send: (lines) =>
      new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        // The callback fires once the data is handed to the kernel (or the write failed).
        socket.write(`${lines.join('\n')}\n`, (error) => (error ? reject(error) : failure ? reject(failure) : resolve()));
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        socket.end(() => resolve());
      }),
    destroy: () => socket.destroy(),
  };
}

async function udpSender(target: SyslogTarget): Promise<LineSender> {
  const socket = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(target.port, target.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const sendOne = (line: string): Promise<void> =>
    new Promise((resolve, reject) => socket.send(line, (error) => (error ? reject(error) : resolve())));
  return {
    send: async (lines) => {
      for (const line of lines) await sendOne(line);
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
    destroy: () => {
      try {
        socket.close();
      } catch {
        // already closed
      }
    },
  };
}

/** Resolves once something accepts TCP connections on host:port (the syslog source is up). */
export function tcpPortOpen(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
