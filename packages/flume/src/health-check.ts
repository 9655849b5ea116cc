// The I/O around assessHealth(): the rendered flume.conf on disk, Flume's metrics, the tail of its log.
import { flushStderrLines } from '@flume-charms/reactive';
import { MetricsError } from './errors';
import { readFileIfExists } from './files';
import { assessHealth, expectedComponents, type ExpectedComponents, type FlumeHealth, type HealthAssessment, type HealthReading } from './health';
import { machinePath } from './machine-path';
import { fetchMetrics, hookMetrics, type MetricsSummary } from './metrics';
import type { FlumeLayout } from './paths';
import { fileTail } from './service';

/**
 * How long a hook that has just (re)started Flume waits for its metrics: the JVM needs about 2 s to start and
 * serve them on an idle machine, more on a loaded one. Bounded so that a hook never hangs on a slow start; a
 * Flume still starting then shows maintenance "Starting Flume" until the next hook (update-status) looks again.
 */
export const START_WAIT_SECONDS = 10;
const POLL_MS = 500;

export interface HealthCheckInput {
  readonly metricsPort: number;
  readonly agentName: string;
  /** The reading an earlier hook stored (unit kv). */
  readonly previous: HealthReading | undefined;
  /** serviceStatus().activeForSeconds */
  readonly activeForSeconds: number | undefined;
  /** Seconds to keep asking while the metrics do not answer: START_WAIT_SECONDS after a start in this hook, else 0. */
  readonly waitSeconds?: number;
}

export async function checkFlumeHealth(layout: FlumeLayout, input: HealthCheckInput): Promise<HealthAssessment> {
  const flumeConf = (await readFileIfExists(machinePath(layout.flumeConf))) ?? '';
  const expected = expectedComponents(flumeConf, input.agentName);
  const deadline = Date.now() + (input.waitSeconds ?? 0) * 1000;
  let metrics: MetricsSummary | undefined;
  let problem: string | undefined;
  for (let attempt = 0; ; attempt++) {
    metrics = undefined;
    try {
      // First the reading this hook already took (the channel-fill watch), then fresh ones while Flume starts.
      metrics = await (attempt === 0 ? hookMetrics : fetchMetrics)(input.metricsPort, { timeoutMs: 1000 });
    } catch (error) {
      if (!(error instanceof MetricsError)) throw error;
      problem = error.message;
    }
    // After a start, Flume's metrics answer before every component has started: wait for all of them too.
    if ((metrics !== undefined && reportsAll(metrics, expected)) || Date.now() + POLL_MS > deadline) break;
    flushStderrLines(); // the narration is in the log while Flume starts
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const assess = (logTail: readonly string[]): HealthAssessment =>
    assessHealth({
      expected,
      metrics,
      metricsProblem: problem,
      previous: input.previous,
      activeForSeconds: input.activeForSeconds,
      logTail,
    });
  // The log only gives reasons; what is wrong comes from the metrics alone. A healthy Flume (every hook's
  // usual answer) needs no reason, so its log is not read (issue 15).
  const withoutLog = assess([]);
  // A missing component is still starting unless the log names it: read the log for that too.
  const missingAny = metrics !== undefined && !reportsAll(metrics, expected);
  if (!needsReasons(withoutLog.health) && !missingAny) return withoutLog;
  // Enough lines for a dropped component's message and its exception, after the startup chatter.
  return assess(await fileTail(machinePath(layout.logFile), 400));
}

/** Whether Flume's metrics name every source, channel and sink that flume.conf declares. */
export function reportsAll(metrics: MetricsSummary, expected: ExpectedComponents): boolean {
  const has = (names: readonly string[], reported: ReadonlyArray<{ name: string }>): boolean =>
    names.every((n) => reported.some((c) => c.name === n));
  return (
    has(expected.sources, metrics.sources) &&
    has(expected.channels, metrics.channels) &&
    has(
      expected.sinks.map((sink) => sink.name),
      metrics.sinks,
    )
  );
}

function needsReasons(health: FlumeHealth): boolean {
  return health.kind === 'dropped' || health.kind === 'not-delivering' || (health.kind === 'healthy' && health.failing.length > 0);
}

/** A stored reading from unit kv (JSON), or undefined when it is not one. */
export function storedHealthReading(value: unknown): HealthReading | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { sinks, channels } = value as Record<string, unknown>;
  if (typeof sinks !== 'object' || sinks === null || typeof channels !== 'object' || channels === null) return undefined;
  return value as HealthReading;
}
