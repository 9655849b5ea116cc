// Steady syslog traffic over TCP in the background, for scenarios that change things "mid-stream" (scale,
// restarts, kill -9). It reconnects when the agent goes away. Syslog over TCP has no acknowledgement, so lines
// written shortly before the connection broke may have sat unread in the agent's socket: those are reported
// as unconfirmed, never counted as lost. Every other line was written to a live connection and read by Flume.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { syslogLine, type SyslogFormat } from './syslog-sender';

export interface StreamOptions {
  readonly seed: string;
  /** Lines per burst (10) and pause between bursts (50 ms): about 200 lines/s. */
  readonly burst?: number;
  readonly intervalMs?: number;
  readonly format?: SyslogFormat;
  /** Lines written this long before a connection was seen to break are unconfirmed (default 1000 ms). */
  readonly unconfirmedWindowMs?: number;
}

export interface StreamResult {
  /** Every id written to a connection, in order (unconfirmed ones included). */
  readonly sent: readonly string[];
  /** Ids written within the window before their connection broke: maybe never read by Flume. */
  readonly unconfirmed: readonly string[];
  /** Connections opened (1 when the agent never went away). */
  readonly connections: number;
}

interface WrittenBurst {
  readonly ids: readonly string[];
  readonly at: number;
}

export class SyslogStream {
  private readonly sentIds: string[] = [];
  private readonly unconfirmedIds = new Set<string>();
  private connections = 0;
  private next = 0;
  private stopping = false;
  private readonly loop: Promise<void>;

  private constructor(private readonly host: string, private readonly port: number, private readonly options: StreamOptions) {
    this.loop = this.run();
  }

  static start(target: { readonly host: string; readonly port: number }, options: StreamOptions): SyslogStream {
    return new SyslogStream(target.host, target.port, options);
  }

  /** Ids written so far. */
  get sentCount(): number {
    return this.sentIds.length;
  }

  /** Stops after the current burst, closes the connection, and returns what was sent. */
  async stop(): Promise<StreamResult> {
    this.stopping = true;
    await this.loop;
    return { sent: [...this.sentIds], unconfirmed: this.sentIds.filter((id) => this.unconfirmedIds.has(id)), connections: this.connections };
  }

  private async run(): Promise<void> {
    const burst = this.options.burst ?? 10;
    const interval = this.options.intervalMs ?? 50;
    while (!this.stopping) {
      const socket = await this.connect();
      if (!socket) {
        await sleep(200); // the agent is restarting: try again, nothing was written
        continue;
      }
      this.connections += 1;
      const written: WrittenBurst[] = [];
      let broken = false;
      const markBroken = (): void => {
        if (broken) return;
        broken = true;
        const since = performance.now() - (this.options.unconfirmedWindowMs ?? 1000);
        for (const b of written) if (b.at >= since) for (const id of b.ids) this.unconfirmedIds.add(id);
      };
      socket.on('end', markBroken);
      socket.on('close', markBroken);
      socket.on('error', markBroken);
      while (!this.stopping && !broken) {
        const ids = Array.from({ length: burst }, () => `run-${this.options.seed}-${this.next++}`);
        const text = ids.map((id) => `${syslogLine(id, this.options.format)}\n`).join('');
        const ok = await new Promise<boolean>((resolve) => socket.write(text, (error) => resolve(!error)));
        if (ok && !broken) {
          this.sentIds.push(...ids);
          written.push({ ids, at: performance.now() });
          if (written.length > 100) written.shift();
        } else {
          this.next -= burst; // not written: the same ids go out on the next connection
          markBroken();
          break;
        }
        await sleep(interval);
      }
      if (!broken) {
        await new Promise<void>((resolve) => socket.end(() => resolve()));
      }
      socket.destroy();
    }
  }

  private connect(): Promise<Socket | undefined> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.host, port: this.port });
      const fail = (): void => {
        socket.destroy();
        resolve(undefined);
      };
      socket.setTimeout(3000, fail);
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        resolve(socket);
      });
    });
  }
}
