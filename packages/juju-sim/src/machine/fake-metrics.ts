// Recording mode runs no Flume, so nothing serves Flume's HTTP JSON metrics on the unit's 127.0.0.1. The
// simulator answers for it, on one loopback port per model: each hook gets
// CHARM_METRICS_URL=http://127.0.0.1:P/UNIT-KEY, and packages/flume asks URL/PORT/metrics instead of
// 127.0.0.1:PORT/metrics (real Juju never sets the variable; real-machine mode does not either, its Flume answers).
// By default, a unit whose Flume service is active and started with -Dflume.monitoring.port=PORT reports every
// component of its flume.conf, idle and healthy. A test sets what Flume would report instead, or silence.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { MachineState } from './machine-state';

/** Flume's JSON: `{"SINK.k1": {"Type": "SINK", "EventDrainSuccessCount": "12", ...}, ...}`, counters as strings. */
export type MetricsDocument = Record<string, Record<string, string>>;
/** What a unit's Flume reports: a fixed document, one computed per request, or no answer at all. */
export type MetricsFeed = MetricsDocument | (() => MetricsDocument) | 'silent';

export interface MetricsUnit {
  readonly rootfs: string;
  readonly machineState: MachineState;
  readonly feed: MetricsFeed | undefined;
}

const REQUEST = /^\/([A-Za-z0-9_.-]+)\/([0-9]{1,5})\/metrics$/;

export class FakeMetricsServer {
  private readonly server: Server;
  private address = '';

  constructor(private readonly unitByKey: (key: string) => MetricsUnit | undefined) {
    this.server = createServer((request, response) => {
      const match = REQUEST.exec(request.url ?? '');
      const unit = match ? this.unitByKey(match[1] as string) : undefined;
      const document = unit && match ? answer(unit, Number(match[2])) : undefined;
      // No Flume listening on that port: the connection is refused, as on a machine.
      if (document === undefined) return void request.socket.destroy();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.address = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The CHARM_METRICS_URL of one unit. */
  urlFor(key: string): string {
    return `${this.address}/${key}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function answer(unit: MetricsUnit, port: number): MetricsDocument | undefined {
  for (const service of unit.machineState.services.values()) {
    if (service.activeState !== 'active' || !service.name.startsWith('flume-')) continue;
    const app = service.name.slice('flume-'.length);
    const env = readText(join(unit.rootfs, 'etc/flume', app, 'flume-env.sh'));
    if (!env?.includes(`-Dflume.monitoring.port=${port}`)) continue;
    if (unit.feed === 'silent') return undefined;
    if (unit.feed !== undefined) return typeof unit.feed === 'function' ? unit.feed() : unit.feed;
    return idleDocument(readText(join(unit.rootfs, 'etc/flume', app, 'flume.conf')) ?? '');
  }
  return undefined;
}

/** Every source, channel and sink the flume.conf lists, with zero counters: a healthy Flume with no traffic. */
export function idleDocument(flumeConf: string): MetricsDocument {
  const document: MetricsDocument = {};
  for (const line of flumeConf.split('\n')) {
    const match = /^[^#\s.]+\.(sources|channels|sinks)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const type = match[1] === 'sources' ? 'SOURCE' : match[1] === 'channels' ? 'CHANNEL' : 'SINK';
    for (const name of (match[2] as string).split(/\s+/).filter((n) => n !== '')) document[`${type}.${name}`] = idleCounters(type);
  }
  return document;
}

function idleCounters(type: 'SOURCE' | 'CHANNEL' | 'SINK'): Record<string, string> {
  if (type === 'SOURCE') return { Type: type, EventReceivedCount: '0', EventAcceptedCount: '0', OpenConnectionCount: '0' };
  if (type === 'CHANNEL') {
    return { Type: type, ChannelSize: '0', ChannelCapacity: '100000', ChannelFillPercentage: '0.0', EventPutSuccessCount: '0', EventTakeSuccessCount: '0' };
  }
  return { Type: type, EventDrainSuccessCount: '0', EventDrainAttemptCount: '0', ConnectionFailedCount: '0', EventWriteFail: '0', ChannelReadFail: '0', BatchCompleteCount: '0' };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
