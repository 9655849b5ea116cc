// Actions: start-flume, stop-flume, restart-flume, metrics, smoke-test. A thrown error becomes action-fail.
// stop-flume sets flume.paused so that the next hooks leave Flume stopped; start and restart clear it.
import { fetchMetrics, metricsActionResults, restartService, startService, stopService, type MetricsSummary } from '@flume-charms/flume';
import { action, clearFlag, config, flushStderrLines, hookContext, isFlagSet, setFlag } from '@flume-charms/reactive';
import { parseConfig, sourceProtocol, type SyslogConfig } from '../config';
import { probeLine, sendSyslogLine } from '../syslog-probe';
import { agentLayout, FLAGS } from '../workload';

/** The source's name in flume.conf, so `SOURCE.syslog` in the metrics. */
const SOURCE_NAME = 'syslog';

async function requireInstalled(): Promise<void> {
  if (!isFlagSet(FLAGS.installed)) throw new Error('Flume is not installed yet (see the unit status)');
}

/** start and restart need rendered files, which exist once a sink was related. */
async function requireConfigured(): Promise<void> {
  await requireInstalled();
  if (!isFlagSet(FLAGS.started)) throw new Error('Flume has no configuration yet: relate a Flume sink first');
}

async function currentConfig(): Promise<SyslogConfig> {
  const parsed = parseConfig(await config());
  if (!parsed.ok) throw new Error(`invalid config: ${parsed.error.message}`);
  return parsed.config;
}

action('start-flume', async () => {
  await requireConfigured();
  await startService(agentLayout(hookContext().appName));
  clearFlag(FLAGS.paused);
  return { result: 'started' };
});

action('stop-flume', async () => {
  await requireInstalled();
  await stopService(agentLayout(hookContext().appName));
  setFlag(FLAGS.paused);
  return { result: 'stopped' };
});

action('restart-flume', async () => {
  await requireConfigured();
  await restartService(agentLayout(hookContext().appName));
  clearFlag(FLAGS.paused);
  return { result: 'restarted' };
});

action('metrics', async () => {
  await requireInstalled();
  const summary = await fetchMetrics((await currentConfig()).metricsPort);
  return { ...metricsActionResults(summary) };
});

function received(summary: MetricsSummary): number {
  const source = summary.sources.find((s) => s.name === SOURCE_NAME);
  if (!source) throw new Error(`the metrics have no source ${SOURCE_NAME}`);
  return source.eventsReceived;
}

/** Polls the metrics until the source counted the line; Flume's counters update as events arrive. */
async function receivedAfter(port: number, before: number, attempts = 25, intervalMs = 200): Promise<number> {
  let latest = before;
  for (let i = 0; i < attempts; i += 1) {
    latest = received(await fetchMetrics(port));
    if (latest > before) return latest;
    flushStderrLines();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return latest;
}

action('smoke-test', async () => {
  await requireInstalled();
  const cfg = await currentConfig();
  const port = cfg.sourcePorts[0] as number;
  const protocol = sourceProtocol(cfg);
  const before = received(await fetchMetrics(cfg.metricsPort));
  await sendSyslogLine(protocol, port, probeLine(new Date(), hookContext().unitName));
  const after = await receivedAfter(cfg.metricsPort, before);
  const results = { target: `127.0.0.1:${port}/${protocol}`, 'events-before': String(before), 'events-after': String(after) };
  if (after <= before) {
    throw new Error(`the source did not count the test line (EventReceivedCount stayed ${before}; sent to ${results.target})`);
  }
  return { ...results, passed: 'true' };
});
