// What every handler needs to know about this unit: its typed config and its Flume layout.
import { flumeLayout, type FlumeLayout } from '@flume-charms/flume';
import { config, hookContext, unitState } from '@flume-charms/reactive';
import { parseConfig, type ConfigResult } from './config';

/** kv: where the channel-data storage is mounted (set in channel-data-storage-attached). */
export const KV_CHANNEL_STORAGE = 'flume-hdfs.channel-storage';

/** The validated config of this hook (config-get runs once per hook). */
export async function loadConfig(): Promise<ConfigResult> {
  return parseConfig(await config());
}

export function appName(): string {
  return hookContext().appName;
}

/** /etc/flume/APP, /var/lib/flume/APP, ...; the file channel on the channel-data storage when attached. */
export function sinkLayout(): FlumeLayout {
  const storage = unitState.kv.get<string>(KV_CHANNEL_STORAGE);
  return flumeLayout(appName(), { channelStorage: storage });
}
