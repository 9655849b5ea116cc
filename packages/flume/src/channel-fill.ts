// A channel filling up is the early sign of a next hop that does not keep up (an agent whose sinks are down,
// a sink whose HDFS is slow): once full, the channel refuses events. update-status asks Flume's metrics.
import { MetricsError } from './errors';
import { hookMetrics } from './metrics';

export const CHANNEL_FILL_WARNING_PERCENT = 80;

/**
 * The channels at or above `percent` full, as "NAME N%" (sorted by name); undefined when Flume's metrics do
 * not answer (Flume starting or stopped: the service check reports that).
 */
export async function fullChannels(
  metricsPort: number,
  percent = CHANNEL_FILL_WARNING_PERCENT,
  options: { timeoutMs?: number } = {},
): Promise<string[] | undefined> {
  try {
    // The health check of the same hook reads the same answer.
    const metrics = await hookMetrics(metricsPort, { timeoutMs: options.timeoutMs ?? 1000 });
    return metrics.channels
      .filter((c) => (c.fillPercentage ?? 0) >= percent)
      .map((c) => `${c.name} ${Math.floor(c.fillPercentage ?? 0)}%`)
      .sort();
  } catch (error) {
    if (error instanceof MetricsError) return undefined;
    throw error;
  }
}
