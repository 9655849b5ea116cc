import * as net from 'node:net';
import { forgetPerHook, perHook } from '@flume-charms/reactive';
import { MetricsError } from './errors';

// Flume's HTTP JSON metrics (-Dflume.monitoring.type=http): GET /metrics returns
//   { "SOURCE.r1": {"Type":"SOURCE","EventReceivedCount":"12",...}, "CHANNEL.c1": {...}, "SINK.k1": {...} }
// with every counter as a string. Counter names are those of the Flume user guide's Monitoring section.

export type ComponentType = 'SOURCE' | 'CHANNEL' | 'SINK';

export interface ComponentMetrics {
  readonly type: ComponentType;
  readonly name: string;
  /** Every numeric counter the component reported. */
  readonly counters: Readonly<Record<string, number>>;
}

export interface SourceSummary {
  readonly name: string;
  readonly eventsReceived: number;
  readonly eventsAccepted: number;
  readonly openConnections?: number;
}
export interface ChannelSummary {
  readonly name: string;
  readonly size: number;
  readonly capacity?: number;
  readonly fillPercentage?: number;
  readonly eventsPut: number;
  readonly eventsTaken: number;
}
export interface SinkSummary {
  readonly name: string;
  readonly eventsDrained: number;
  readonly drainAttempts: number;
  readonly connectionsFailed?: number;
  readonly batchesComplete?: number;
}

export interface MetricsSummary {
  readonly sources: readonly SourceSummary[];
  readonly channels: readonly ChannelSummary[];
  readonly sinks: readonly SinkSummary[];
  readonly components: readonly ComponentMetrics[];
}

export interface FetchOptions {
  host?: string;
  timeoutMs?: number;
}

const MAX_BODY = 1024 * 1024;

/** GET http://127.0.0.1:PORT/metrics and summarise it. MetricsError when Flume does not answer properly. */
export async function fetchMetrics(port: number, options: FetchOptions = {}): Promise<MetricsSummary> {
  const target = metricsTarget(port, options.host);
  const body = await httpGet(target, options.timeoutMs ?? 3000);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MetricsError('bad-response', `Flume metrics on ${target.where} are not JSON`);
  }
  return summariseMetrics(json);
}

const HOOK_READINGS = 'flume.metrics';

/**
 * The reading this hook's handlers share (the channel-fill watch and the health check): one GET per hook instead
 * of one each, ~1.3 ms of CPU on Node 20 (issue 15). A failed reading is shared too: the same hook, the same answer.
 * Forgotten when the hook starts, stops or restarts Flume (service.ts); outside a hook, a fresh GET each time.
 */
export function hookMetrics(port: number, options: FetchOptions = {}): Promise<MetricsSummary> {
  const readings = perHook(HOOK_READINGS, () => new Map<string, Promise<MetricsSummary>>());
  const key = `${options.host ?? ''}:${port}`;
  let reading = readings.get(key);
  if (reading === undefined) {
    reading = fetchMetrics(port, options);
    reading.catch(() => undefined); // its callers handle the rejection; a later one may never ask
    readings.set(key, reading);
  }
  return reading;
}

/** This hook changed Flume's state: the next hookMetrics() asks Flume again. */
export function forgetHookMetrics(): void {
  forgetPerHook(HOOK_READINGS);
}

/**
 * Where Flume's metrics are: 127.0.0.1:PORT/metrics on the unit. juju-sim's recording mode runs no Flume and sets
 * CHARM_METRICS_URL (like CHARM_ROOTFS, never set by Juju) to the simulator's stand-in: URL/PORT/metrics.
 */
function metricsTarget(port: number, host: string | undefined): HttpTarget {
  const where = `${host ?? '127.0.0.1'}:${port}`;
  const simulated = process.env.CHARM_METRICS_URL;
  if (host !== undefined || simulated === undefined || simulated === '') return { host: host ?? '127.0.0.1', port, path: '/metrics', where };
  const url = new URL(simulated);
  return { host: url.hostname, port: Number(url.port), path: `${url.pathname}/${port}/metrics`, where };
}

interface HttpTarget {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** How errors name it: the unit's own address and port. */
  readonly where: string;
}

/** Turns the JSON document into typed components and per-kind summaries. */
export function summariseMetrics(json: unknown): MetricsSummary {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new MetricsError('bad-response', 'Flume metrics are not a JSON object');
  }
  const components: ComponentMetrics[] = [];
  for (const [key, value] of Object.entries(json)) {
    const dot = key.indexOf('.');
    const type = key.slice(0, dot);
    if (dot <= 0 || (type !== 'SOURCE' && type !== 'CHANNEL' && type !== 'SINK')) continue;
    if (typeof value !== 'object' || value === null) continue;
    const counters: Record<string, number> = {};
    for (const [counter, raw] of Object.entries(value as Record<string, unknown>)) {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (Number.isFinite(n)) counters[counter] = n;
    }
    components.push({ type, name: key.slice(dot + 1), counters });
  }
  // Code-unit order: localeCompare would start ICU's collator, ~6 ms of CPU in a hook (issue 15).
  components.sort((a, b) => byCodeUnits(a.type, b.type) || byCodeUnits(a.name, b.name));
  const of = (type: ComponentType): ComponentMetrics[] => components.filter((c) => c.type === type);
  return {
    sources: of('SOURCE').map((c) => ({
      name: c.name,
      eventsReceived: c.counters.EventReceivedCount ?? 0,
      eventsAccepted: c.counters.EventAcceptedCount ?? 0,
      ...optional('openConnections', c.counters.OpenConnectionCount),
    })),
    channels: of('CHANNEL').map((c) => ({
      name: c.name,
      size: c.counters.ChannelSize ?? 0,
      ...optional('capacity', c.counters.ChannelCapacity),
      ...optional('fillPercentage', c.counters.ChannelFillPercentage),
      eventsPut: c.counters.EventPutSuccessCount ?? 0,
      eventsTaken: c.counters.EventTakeSuccessCount ?? 0,
    })),
    sinks: of('SINK').map((c) => ({
      name: c.name,
      eventsDrained: c.counters.EventDrainSuccessCount ?? 0,
      drainAttempts: c.counters.EventDrainAttemptCount ?? 0,
      ...optional('connectionsFailed', c.counters.ConnectionFailedCount),
      ...optional('batchesComplete', c.counters.BatchCompleteCount),
    })),
    components,
  };
}

/**
 * Flat key/values for `action-set`: keys are lowercase letters, digits and hyphens
 * (e.g. `source-r1-events-accepted`), values strings.
 */
export function metricsActionResults(summary: MetricsSummary): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (kind: string, name: string, fields: object): void => {
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'name' || value === undefined) continue;
      out[actionKey(`${kind}-${name}-${field}`)] = String(value);
    }
  };
  for (const s of summary.sources) put('source', s.name, s);
  for (const c of summary.channels) put('channel', c.name, c);
  for (const s of summary.sinks) put('sink', s.name, s);
  return out;
}

function actionKey(raw: string): string {
  const key = raw
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(key) ? key : `x-${key}`;
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Bytes per read from the metrics socket (Flume's answer is a few KiB). */
const READ_BUFFER = 16 * 1024;

/** The head of an answer ends within this many bytes, or it is not Flume's. */
const MAX_HEAD = 16 * 1024;

/**
 * GET over a bare socket: node:http costs a hook 3 ms of CPU to load on Node 20 and 9 ms on Debian's Node 18
 * (issue 15). HTTP/1.0, so the server answers with Content-Length or closes the connection after the body,
 * never chunked (RFC 9112 §6.1). The timeout is the socket's idle time, as http.get's `timeout` was.
 */
function httpGet({ host, port, path: urlPath, where }: HttpTarget, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // onread hands each read to onData without the stream machinery behind 'data' events (every hook reads metrics).
    const readBuffer = Buffer.allocUnsafe(READ_BUFFER);
    const onread = {
      buffer: readBuffer,
      callback: (size: number, buffer: Uint8Array): boolean => {
        onData(Buffer.from(buffer.subarray(0, size))); // a copy: the buffer is read into again
        return true; // false would pause the socket
      },
    };
    const socket = net.connect({ host, port, onread });
    let received = 0;
    let head: { bodyStart: number; length: number | undefined } | undefined;
    let settled = false;
    const settle = (error: MetricsError | undefined, body = ''): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error === undefined) resolve(body);
      else reject(error);
    };
    const bodyOf = (all: Buffer): string => all.subarray(head?.bodyStart, head?.length === undefined ? undefined : (head.bodyStart + head.length)).toString('utf8');
    socket.setTimeout(timeoutMs, () => settle(new MetricsError('timeout', `Flume metrics on ${where} did not answer within ${timeoutMs} ms`)));
    // A ':' marks an IPv6 literal (host names and IPv4 have none): net.isIPv6's first call compiles a large
    // regular expression, ~4 ms of CPU per hook on Node 20 (issue 15).
    socket.on('connect', () => socket.write(`GET ${urlPath} HTTP/1.0\r\nHost: ${host.includes(':') ? `[${host}]` : host}:${port}\r\nAccept: application/json\r\n\r\n`));
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
      if (head === undefined) {
        const all = Buffer.concat(chunks);
        const end = all.indexOf('\r\n\r\n');
        if (end < 0) {
          if (received > MAX_HEAD) settle(new MetricsError('bad-response', `Flume metrics on ${where} did not answer HTTP`));
          return;
        }
        const parsed = parseHead(all.subarray(0, end).toString('latin1'));
        if (typeof parsed === 'string') return settle(new MetricsError('bad-response', `Flume metrics on ${where} ${parsed}`));
        if (parsed.status !== 200) return settle(new MetricsError('bad-response', `Flume metrics on ${where} answered HTTP ${parsed.status}`));
        head = { bodyStart: end + 4, length: parsed.length };
      }
      const bodySize = received - head.bodyStart;
      if (bodySize > MAX_BODY || (head.length ?? 0) > MAX_BODY) {
        settle(new MetricsError('bad-response', `Flume metrics on ${where} are larger than ${MAX_BODY} bytes`));
      } else if (head.length !== undefined && bodySize >= head.length) {
        settle(undefined, bodyOf(Buffer.concat(chunks)));
      }
    };
    socket.on('end', () => {
      if (head !== undefined && head.length === undefined) settle(undefined, bodyOf(Buffer.concat(chunks)));
      // Closed without a word: what node:http called a hang-up (ECONNRESET).
      else if (received === 0) settle(new MetricsError('unreachable', `Flume metrics unreachable on ${where} (ECONNRESET)`));
      else settle(new MetricsError('unreachable', `Flume metrics on ${where}: the connection closed before the answer was complete`));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      settle(
        received === 0
          ? new MetricsError('unreachable', `Flume metrics unreachable on ${where} (${error.code ?? error.message})`)
          : new MetricsError('unreachable', `Flume metrics on ${where}: ${error.message}`),
      );
    });
  });
}

/** The status and Content-Length of an HTTP/1.x answer's head, or what is wrong with it. */
function parseHead(text: string): { status: number; length: number | undefined } | string {
  const [statusLine = '', ...fields] = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (status === null) return 'did not answer HTTP';
  let length: number | undefined;
  for (const field of fields) {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    if (name === 'transfer-encoding' && value.toLowerCase() !== 'identity') return `answered an HTTP/1.0 request with Transfer-Encoding: ${value}`;
    if (name !== 'content-length') continue;
    if (!/^\d+$/.test(value) || (length !== undefined && length !== Number(value))) return `answered with a bad Content-Length (${value})`;
    length = Number(value);
  }
  return { status: Number(status[1]), length };
}
