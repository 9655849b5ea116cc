// update-status reads Flume's metrics when they answer, and warns (juju-log, once per crossing) when the
// channel is filling up: HDFS (or the local disk) is not keeping up, and the source will soon refuse events.
import { fullChannels } from '@flume-charms/flume';
import { hook, isFlagSet, log, unitState } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { loadConfig } from '../sink';

const WARNED = 'flume-hdfs.fill-warned';

hook('update-status').do(async function watchChannelFill() {
  if (!isFlagSet(FLAG.started) || isFlagSet(FLAG.stoppedByAction)) return;
  const parsed = await loadConfig();
  if (!parsed.ok) return;
  const full = await fullChannels(parsed.config.metricsPort);
  if (full === undefined) return; // Flume starting, or stopped: the health handler reports that
  const key = full.join(', ');
  if ((unitState.kv.get(WARNED) ?? '') === key) return;
  if (full.length > 0) {
    await log(`channel filling up (the sink is not draining it fast enough): ${key}`, 'WARNING');
    unitState.kv.set(WARNED, key);
  } else {
    unitState.kv.unset(WARNED);
  }
});
