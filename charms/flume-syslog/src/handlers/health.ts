// A running JVM is not a working pipeline (issue 13): once systemd says Flume is active, its own metrics decide
// the status (packages/flume health): every component of flume.conf must be there, and the sinks must deliver.
// The agent says how many sinks really deliver; when none does, events buffer and the unit waits (the sinks'
// side is at fault). The last reading is kept in unit kv, for the next hook to compare with.
import { checkFlumeHealth, START_WAIT_SECONDS, storedHealthReading, type FlumeLayout, type ServiceStatus } from '@flume-charms/flume';
import { unitState, type Json, type WorkloadStatus } from '@flume-charms/reactive';
import type { SyslogConfig } from '../config';
import { AGENT_NAME } from '../render';
import { droppedComponents, metricsSilent, noSinkDelivering, ready, STARTING } from '../statuses';
import { KV } from '../workload';
import { tlsHandshakeStatus } from '../tls-status';

export interface ShownStatus {
  readonly status: WorkloadStatus;
  readonly message: string;
}

let startedInThisHook = false;

/** This hook (re)started Flume: the health check then waits a little for its metrics (START_WAIT_SECONDS). */
export function noteFlumeStarted(): void {
  startedInThisHook = true;
}

/**
 * `flow` is the status of the flow as planned (Ready with N sinks, or buffering without any); Flume's metrics
 * confirm it or say what is wrong.
 */
export async function flumeHealthStatus(
  layout: FlumeLayout,
  cfg: SyslogConfig,
  service: ServiceStatus,
  flow: ShownStatus,
  counts: { sinks: number; clients: number; sinkUnits?: ReadonlyMap<string, string> },
): Promise<ShownStatus> {
  const { health, reading } = await checkFlumeHealth(layout, {
    metricsPort: cfg.metricsPort,
    agentName: AGENT_NAME,
    previous: storedHealthReading(unitState.kv.get(KV.health)),
    activeForSeconds: service.activeForSeconds,
    waitSeconds: startedInThisHook ? START_WAIT_SECONDS : 0,
  });
  if (reading !== undefined) unitState.kv.set(KV.health, reading as unknown as Json);
  // TLS sinks failing their handshake: which units, and why (tls-status.ts).
  const delivering = health.kind === 'healthy' ? health.delivering : 0;
  const tls = counts.sinks > 0 ? tlsHandshakeStatus(health, counts.sinkUnits ?? new Map(), ready(counts.sinks, counts.clients, delivering)) : undefined;
  if (tls !== undefined) return tls;
  switch (health.kind) {
    case 'starting':
      return { status: 'maintenance', message: STARTING };
    case 'metrics-silent':
      return { status: 'blocked', message: metricsSilent(health.reason) };
    case 'dropped':
      return { status: 'blocked', message: droppedComponents(health.components, health.reason) };
    case 'not-delivering': {
      const reason = health.problems[0]?.reason ?? 'the sinks keep failing';
      return { status: health.remote ? 'waiting' : 'blocked', message: noSinkDelivering(reason) };
    }
    case 'healthy':
      return counts.sinks === 0 ? flow : { status: 'active', message: ready(counts.sinks, counts.clients, health.delivering) };
  }
}
