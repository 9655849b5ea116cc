// Every status message this charm sets, word for word (README "Troubleshooting: statuses" has the same rows).

export const INSTALLING = 'Installing Flume';
export const CONFIGURING = 'Configuring Flume';

/** blocked: no flume-agent relation at all. */
export const WAITING_FOR_SINK_RELATION = 'Waiting for relation to Flume Sink';
/** waiting: related, but no sink unit has published valid data yet (the seed's wording). */
export const WAITING_FOR_SINK_AVAILABLE = 'Waiting for availability of Flume HDFS';
/** waiting: Flume runs with only the source and the durable channel; events buffer until a sink returns. */
export const BUFFERING = 'No Flume sink available; buffering events';
/** blocked: an operator ran stop-flume; the charm does not start Flume behind their back. */
export const STOPPED_BY_ACTION = 'Flume stopped by the stop-flume action; run start-flume';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * active: "Ready (3 sinks)" when Flume reports every sink delivering, "Ready (2/3 sinks delivering)" when some
 * fail and others take their events; ", 2 syslog clients" when forwarders are related.
 */
export function ready(sinks: number, syslogClients: number, delivering = sinks): string {
  const clients = syslogClients > 0 ? `, ${plural(syslogClients, 'syslog client')}` : '';
  const sinkText = delivering < sinks ? `${delivering}/${plural(sinks, 'sink')} delivering` : plural(sinks, 'sink');
  return `Ready (${sinkText}${clients})`;
}

/** maintenance: Flume runs, its metrics do not answer yet (never "Ready" before they do). */
export const STARTING = 'Starting Flume';

/** waiting: every sink fails (unreachable, refusing): events buffer in the channel; the reason is Flume's. */
export function noSinkDelivering(reason: string): string {
  return `No sink delivering; buffering events: ${reason}`;
}

/** A TLS sink unit whose handshake fails, and why (Flume's log): blocked when no sink delivers, else after Ready. */
export function tlsHandshakeFails(units: readonly string[], reason: string): string {
  const named = units.length > 3 ? `${units.slice(0, 3).join(', ')} and ${units.length - 3} more` : units.join(', ');
  return `TLS handshake with ${named} fails: ${reason}`;
}

/** blocked: Flume runs, but long after its start its metrics still do not answer. */
export function metricsSilent(reason: string): string {
  return `Flume metrics do not answer: ${reason}`;
}

/** blocked: flume.conf asks for components Flume does not run (it dropped them); the reason is its log line. */
export function droppedComponents(components: readonly string[], reason: string): string {
  return `Flume dropped ${components.join(', ')}: ${reason}`;
}

/** blocked: a config option failed validation; Flume keeps its last good config. */
export function invalidConfig(option: string, reason: string): string {
  return `Invalid config: ${option}: ${reason}`;
}

/** blocked: the only sink unit(s) published data that breaks the flume-agent contract. */
export function invalidSinkData(unit: string, reason: string): string {
  return `Invalid data from ${unit}: ${reason}`;
}

/** blocked: the rendered flume.conf failed the checker (a bug, or a value the checks missed). */
export function invalidFlumeConfig(problem: string): string {
  return `Invalid Flume config: ${problem}`;
}

/** blocked: systemd reports the service down; the reason comes from the Flume log or the journal. */
export function flumeNotRunning(reason: string): string {
  return `Flume is not running: ${reason}`;
}
