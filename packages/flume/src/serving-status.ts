// The service status a health check needs, with one process fewer when Flume is plainly running (issue 15: the
// `systemctl show` fork and loading node:child_process were ~4 ms of a no-op hook's CPU on Node 20).
import { MetricsError } from './errors';
import { readFileIfExists } from './files';
import { reportsAll } from './health-check';
import { expectedComponents } from './health';
import { machinePath } from './machine-path';
import { hookMetrics, type MetricsSummary } from './metrics';
import type { FlumeLayout } from './paths';
import { serviceStatus, type ServiceStatus } from './service';

/**
 * systemd's view of Flume, unless this hook's reading of Flume's metrics reports every component of flume.conf:
 * a JVM answering that is the running service (its metrics server starts and stops with it), and the health
 * check then judges from the metrics alone (it needs `activeForSeconds` only while a component or the metrics
 * are missing). Otherwise, e.g. no answer or a component still starting, `systemctl show` as before.
 */
export async function serviceStatusUnlessServing(layout: FlumeLayout, input: { metricsPort: number; agentName: string }): Promise<ServiceStatus> {
  let metrics: MetricsSummary | undefined;
  try {
    metrics = await hookMetrics(input.metricsPort, { timeoutMs: 1000 });
  } catch (error) {
    if (!(error instanceof MetricsError)) throw error;
  }
  if (metrics !== undefined) {
    const expected = expectedComponents((await readFileIfExists(machinePath(layout.flumeConf))) ?? '', input.agentName);
    if (reportsAll(metrics, expected)) return { state: 'active', journal: [], logTail: [] };
  }
  return serviceStatus(layout);
}
