// Sends one syslog line to the local source, over UDP or TCP as the source listens, for the smoke-test action.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';

export const PROBE_HOST = '127.0.0.1';

/** An RFC 3164 line (what rsyslog forwards): <PRI>TIMESTAMP HOST TAG: MSG. PRI 14 = user.info. */
export function probeLine(now: Date, id: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const day = String(now.getUTCDate()).padStart(2, ' ');
  const time = [now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `<14>${months[now.getUTCMonth()]} ${day} ${time} localhost flume-smoke-test: smoke test ${id}`;
}

export function sendSyslogLine(protocol: 'udp' | 'tcp', port: number, line: string, timeoutMs = 5000): Promise<void> {
  return protocol === 'udp' ? sendUdp(port, line) : sendTcp(port, line, timeoutMs);
}

function sendUdp(port: number, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.send(Buffer.from(line), port, PROBE_HOST, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

function sendTcp(port: number, line: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: PROBE_HOST, port, timeout: timeoutMs });
    socket.on('connect', () => socket.end(`${line}\n`));
    socket.on('timeout', () => socket.destroy(new Error(`no connection to ${PROBE_HOST}:${port} within ${timeoutMs} ms`)));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve();
    });
  });
}
