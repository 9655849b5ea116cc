// Reads a running Flume's HTTP JSON metrics (the metrics server binds every address of its machine, so the
// host reaches a unit at its address) into the few figures tests and the demo compare: what the sources
// received and accepted, what the channels hold, what the sinks drained and how often they failed.
import { fetchMetrics, type MetricsSummary } from '@flume-charms/flume';

export interface FlumeFigures {
  /** SOURCE.*: EventReceivedCount and EventAcceptedCount, summed over sources. */
  readonly received: number;
  readonly accepted: number;
  /** CHANNEL.*: EventPutSuccessCount and EventTakeSuccessCount, ChannelSize summed; the fullest channel's fill. */
  readonly channelPut: number;
  readonly channelTaken: number;
  readonly channelSize: number;
  readonly channelFillPercent: number;
  /** SINK.*: EventDrainSuccessCount, ConnectionFailedCount, summed over sinks, and per sink. */
  readonly drained: number;
  readonly connectionFailures: number;
  readonly sinks: Readonly<Record<string, { readonly drained: number; readonly connectionFailures: number }>>;
  readonly raw: MetricsSummary;
}

export async function readFlumeFigures(host: string, port: number): Promise<FlumeFigures> {
  return figuresOf(await fetchMetrics(port, { host, timeoutMs: 5000 }));
}

export function figuresOf(raw: MetricsSummary): FlumeFigures {
  const sum = (values: readonly number[]): number => values.reduce((total, v) => total + v, 0);
  const sinks: Record<string, { drained: number; connectionFailures: number }> = {};
  for (const sink of raw.sinks) sinks[sink.name] = { drained: sink.eventsDrained, connectionFailures: sink.connectionsFailed ?? 0 };
  return {
    received: sum(raw.sources.map((s) => s.eventsReceived)),
    accepted: sum(raw.sources.map((s) => s.eventsAccepted)),
    channelPut: sum(raw.channels.map((c) => c.eventsPut)),
    channelTaken: sum(raw.channels.map((c) => c.eventsTaken)),
    channelSize: sum(raw.channels.map((c) => c.size)),
    channelFillPercent: Math.max(0, ...raw.channels.map((c) => c.fillPercentage ?? 0)),
    drained: sum(raw.sinks.map((s) => s.eventsDrained)),
    connectionFailures: sum(raw.sinks.map((s) => s.connectionsFailed ?? 0)),
    sinks,
    raw,
  };
}

/** One line: `received=N accepted=N drained=N channel=N (F%)`. */
export function formatFigures(figures: FlumeFigures): string {
  return `received=${figures.received} accepted=${figures.accepted} drained=${figures.drained} ` +
    `channel=${figures.channelSize} (${figures.channelFillPercent.toFixed(1)}% full)` +
    (figures.connectionFailures > 0 ? ` sink-connection-failures=${figures.connectionFailures}` : '');
}
