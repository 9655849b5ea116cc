// Every status message this charm sets, in one place: the README's "Troubleshooting: statuses" table
// documents exactly these strings, and the tests assert them.

export const STATUS = {
  installing: 'Installing Flume',
  configuring: 'Configuring Flume',
  ready: 'Ready',
  noHadoopRelation: 'Waiting for relation to Hadoop Plugin',
  waitingHdfs: 'Waiting for HDFS',
  waitingAgent: 'Waiting for a Flume agent to become available',
  stoppedByAction: 'Flume stopped by the stop-flume action; run start-flume',
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

/** blocked: the service failed; the reason comes from the journal or the Flume log. */
export function notRunning(reason: string): string {
  return `Flume is not running: ${reason}`;
}
