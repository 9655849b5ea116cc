// What every handler needs to know about this unit: its typed config and its Flume layout.
import { flumeLayout, inputsFingerprint, type FlumeLayout } from '@flume-charms/flume';
import { config, hookContext, unitState } from '@flume-charms/reactive';
import { parseConfig, type ConfigResult, type SinkConfig } from './config';
import type { HdfsTarget } from './hadoop-data';
import { servedTls } from './tls-state';

/** kv: where the channel-data storage is mounted (set in channel-data-storage-attached). */
export const KV_CHANNEL_STORAGE = 'flume-hdfs.channel-storage';

/** The validated config of this hook (config-get runs once per hook). */
export async function loadConfig(): Promise<ConfigResult> {
  return parseConfig(await config());
}

export function appName(): string {
  return hookContext().appName;
}

/** kv: the last reading of Flume's metrics (packages/flume health), compared with the next one. */
export const KV_HEALTH = 'flume-hdfs.health';

/** What the files on disk are rendered from (packages/flume applied-inputs: compared with disk, not unit state). */
export function sinkInputs(sinkConfig: SinkConfig, hdfs: HdfsTarget | undefined): string {
  // The served certificate only when there is one: a sink without TLS records exactly what it always did.
  const tls = servedTls()?.fingerprint;
  return inputsFingerprint({ config: sinkConfig, hdfs: hdfs ?? null, storage: unitState.kv.get<string>(KV_CHANNEL_STORAGE) ?? null, ...(tls ? { tls } : {}) });
}

let startedInThisHook = false;

/** This hook (re)started Flume: the health check then waits a little for its metrics (START_WAIT_SECONDS). */
export function noteFlumeStarted(): void {
  startedInThisHook = true;
}

export function flumeStartedInThisHook(): boolean {
  return startedInThisHook;
}

/** /etc/flume/APP, /var/lib/flume/APP, ...; the file channel on the channel-data storage when attached. */
export function sinkLayout(): FlumeLayout {
  const storage = unitState.kv.get<string>(KV_CHANNEL_STORAGE);
  return flumeLayout(appName(), { channelStorage: storage });
}
