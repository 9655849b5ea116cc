// Every status message this charm sets, in one place: the README's "Troubleshooting: statuses" table
// documents exactly these strings, and the tests assert them.

export const STATUS = {
  installing: 'Installing Flume',
  configuring: 'Configuring Flume',
  ready: 'Ready',
  // A container-scoped relation needs the subordinate on this unit's base (Juju: "principal and subordinate
  // applications' bases must match"); without Hadoop, sink_type=file needs no plugin.
  noHadoopRelation: 'Waiting for relation to Hadoop Plugin (a subordinate on ubuntu@24.04), or set sink_type=file',
  waitingHdfs: 'Waiting for HDFS',
  waitingAgent: 'Waiting for a Flume agent to become available',
  stoppedByAction: 'Flume stopped by the stop-flume action; run start-flume',
  /** maintenance: Flume runs, its metrics do not answer yet (never "Ready" before they do). */
  starting: 'Starting Flume',
} as const;

/** blocked: a config value failed validation. */
export function invalidConfig(option: string, reason: string): string {
  return `Invalid config: ${option}: ${reason}`;
}

/** blocked: the rendered flume.conf failed the checker (the running config is kept). */
export function invalidFlumeConfig(error: string): string {
  return `Invalid Flume config: ${error}`;
}

/** blocked: a hadoop-plugin unit published data that fails validation. */
export function invalidRelationData(unit: string, reason: string): string {
  return `Invalid data from ${unit}: ${reason}`;
}

/** blocked: Flume runs, but long after its start its metrics still do not answer. */
export function metricsSilent(reason: string): string {
  return `Flume metrics do not answer: ${reason}`;
}

/** blocked: flume.conf asks for components Flume does not run (it dropped them); the reason is its log line. */
export function droppedComponents(components: readonly string[], reason: string): string {
  return `Flume dropped ${components.join(', ')}: ${reason}`;
}

/** blocked (the sink cannot write locally) or waiting (HDFS does not take events): events wait in the channel. */
export function notDelivering(reason: string): string {
  return `Events not delivered: ${reason}`;
}

/** blocked: the service failed; the reason comes from the journal or the Flume log. */
export function notRunning(reason: string): string {
  return `Flume is not running: ${reason}`;
}

// TLS on the source (the certificates relation).

/** waiting: related to a tls-certificates provider, no certificate yet (the source serves what it served). */
export function tlsWaitingForCertificate(provider: string): string {
  return `Waiting for a certificate from ${provider}`;
}

/** blocked: TLS is sticky; the source keeps its last certificate until an operator decides. */
export function tlsCertificateRemoved(): string {
  return 'certificates relation removed: TLS stays on; relate a tls-certificates provider or set tls_allow_plaintext=true';
}

/** blocked: agents refuse an expired certificate. */
export function tlsCertificateExpired(when: string, provider: string): string {
  return `TLS certificate expired on ${when}; waiting for a renewed one from ${provider}`;
}

/** blocked: the provider's certificate cannot be used (nothing was installed); the reason is one safe line. */
export function tlsCertificateInvalid(provider: string, reason: string): string {
  return `Invalid certificate from ${provider}: ${reason}`;
}

/** blocked: the provider revoked the certificate for the current request. */
export function tlsCertificateRevoked(provider: string): string {
  return `TLS certificate revoked by ${provider}; waiting for a new one`;
}

/** active: Flume delivers, but clients failed their TLS handshake (a plaintext agent, or one that does not trust us). */
export function readyWithFailedHandshakes(count: number, since: string, hint: string): string {
  return `${STATUS.ready}; ${count} TLS handshake${count === 1 ? '' : 's'} failed since ${since} (${hint})`;
}
