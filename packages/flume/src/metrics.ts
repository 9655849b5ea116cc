import * as http from 'node:http';
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
  components.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
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

function httpGet({ host, port, path: urlPath, where }: HttpTarget, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host, port, path: urlPath, timeout: timeoutMs, headers: { accept: 'application/json' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new MetricsError('bad-response', `Flume metrics on ${where} answered HTTP ${response.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) {
          request.destroy();
          reject(new MetricsError('bad-response', `Flume metrics on ${where} are larger than ${MAX_BODY} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', (error) => reject(new MetricsError('unreachable', `Flume metrics on ${where}: ${error.message}`)));
    });
    request.on('timeout', () => {
      request.destroy();
      reject(new MetricsError('timeout', `Flume metrics on ${where} did not answer within ${timeoutMs} ms`));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      reject(new MetricsError('unreachable', `Flume metrics unreachable on ${where} (${error.code ?? error.message})`));
    });
  });
}
