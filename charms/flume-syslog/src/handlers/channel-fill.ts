// update-status reads Flume's metrics when they are reachable, and warns (juju-log, once per crossing) when a
// channel is filling up: the buffer of a sink outage that is about to refuse events.
import { fullChannels } from '@flume-charms/flume';
import { config, hook, isFlagSet, log, unitState } from '@flume-charms/reactive';
import { parseConfig } from '../config';
import { FLAGS } from '../workload';

const WARNED = 'flume-syslog.fill-warned';

hook('update-status').do(async function watchChannelFill() {
  if (!isFlagSet(FLAGS.started) || isFlagSet(FLAGS.paused)) return;
  const parsed = parseConfig(await config());
  if (!parsed.ok) return;
  const full = await fullChannels(parsed.config.metricsPort);
  if (full === undefined) return; // Flume starting, or stopped: the service check reports that
  const key = full.join(', ');
  if ((unitState.kv.get(WARNED) ?? '') === key) return;
  if (full.length > 0) await log(`channel filling up (no sink draining fast enough?): ${key}`, 'WARNING');
  if (full.length > 0) unitState.kv.set(WARNED, key);
  else unitState.kv.unset(WARNED);
});
