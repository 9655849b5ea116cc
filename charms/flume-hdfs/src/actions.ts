// Actions: start-flume, stop-flume, restart-flume (as the original charm), metrics and smoke-test.
// A thrown error becomes action-fail; the unit's hook does not fail.
import { fetchMetrics, metricsActionResults, readFileIfExists, restartService, startService, stopService, machinePath } from '@flume-charms/flume';
import { action, clearFlag, isFlagSet, setFlag, type ActionResults } from '@flume-charms/reactive';
import { FLAG } from './flags';
import { CHANNEL_NAME } from './render';
import { loadConfig, noteFlumeStarted, sinkLayout } from './sink';

export const SOURCE_NAME = 'r1';
export const SINK_NAME = 'k1';

class ActionError extends Error {
  override readonly name = 'ActionError';
}

/** Flume can only be started with rendered files and somewhere to write. */
async function requireRunnable(): Promise<void> {
  if (!isFlagSet(FLAG.installed)) throw new ActionError('Flume is not installed yet (see the unit status)');
  if (!isFlagSet(FLAG.sinkReady)) throw new ActionError('the sink has nowhere to write yet: relate hadoop-plugin, or set sink_type=file');
  if ((await readFileIfExists(machinePath(sinkLayout().flumeConf))) === undefined) {
    throw new ActionError('Flume is not configured yet: it is configured when a Flume agent relates');
  }
}

async function metricsPort(): Promise<number> {
  const result = await loadConfig();
  if (!result.ok) throw new ActionError(`invalid config: ${result.option}: ${result.reason}`);
  return result.config.metricsPort;
}

action('start-flume', async () => {
  await requireRunnable();
  await startService(sinkLayout());
  noteFlumeStarted();
  clearFlag(FLAG.stoppedByAction);
  setFlag(FLAG.started);
  clearFlag(FLAG.configured); // the config may have changed while it was stopped: render again
  return { result: 'started' };
});

action('stop-flume', async () => {
  if (!isFlagSet(FLAG.installed)) throw new ActionError('Flume is not installed yet (see the unit status)');
  await stopService(sinkLayout());
  setFlag(FLAG.stoppedByAction);
  clearFlag(FLAG.started);
  return { result: 'stopped' };
});

action('restart-flume', async () => {
  await requireRunnable();
  await restartService(sinkLayout());
  noteFlumeStarted();
  clearFlag(FLAG.stoppedByAction);
  setFlag(FLAG.started);
  return { result: 'restarted' };
});

action('metrics', async (): Promise<ActionResults> => {
  const summary = await fetchMetrics(await metricsPort());
  const counters = metricsActionResults(summary);
  if (Object.keys(counters).length === 0) throw new ActionError('Flume reported no source, channel or sink counters');
  return counters;
});

action('smoke-test', async (): Promise<ActionResults> => {
  const summary = await fetchMetrics(await metricsPort());
  const found = {
    source: summary.sources.some((s) => s.name === SOURCE_NAME),
    channel: summary.channels.some((c) => c.name === CHANNEL_NAME),
    sink: summary.sinks.some((s) => s.name === SINK_NAME),
  };
  const missing = Object.entries(found)
    .filter(([, present]) => !present)
    .map(([kind]) => kind);
  if (missing.length > 0) throw new ActionError(`smoke test failed: no metrics for the ${missing.join(', ')} (expected SOURCE.${SOURCE_NAME}, CHANNEL.${CHANNEL_NAME}, SINK.${SINK_NAME})`);
  return {
    result: 'passed',
    source: SOURCE_NAME,
    channel: CHANNEL_NAME,
    sink: SINK_NAME,
  };
});
