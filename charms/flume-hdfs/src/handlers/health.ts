// While Flume should be running: is it, and does it deliver? systemd first (a failed or restarting service:
// blocked with the reason from its log or journal; not asked when Flume's metrics report every component), then
// Flume itself (packages/flume health): the components of flume.conf must all be in its metrics, and the sink
// must not keep failing while events wait. Runs in every hook (update-status included) without hook tools beyond
// status-set; setStatus skips an unchanged status.
// A sink that stops serving (Flume down, a component dropped, nowhere to write) withdraws its address from the
// agents (issue 14 item 7), which then buffer; it is published again once Flume delivers (or starts).
import { checkFlumeHealth, serviceStatus, serviceStatusUnlessServing, START_WAIT_SECONDS, storedHealthReading, type FlumeHealth } from '@flume-charms/flume';
import type { FlumeAgentProvides } from '@flume-charms/flume-interface';
import { endpointFromName, setStatus, unitState, when, type Json, type WorkloadStatus } from '@flume-charms/reactive';
import { BLOCKING, FLAG } from '../flags';
import { AGENT_NAME } from '../render';
import { flumeStartedInThisHook, KV_HEALTH, loadConfig, sinkLayout } from '../sink';
import { droppedComponents, metricsSilent, notDelivering, notRunning, STATUS } from '../statuses';
import { tlsStatusNotice } from '../tls-status';

interface Shown {
  readonly status: WorkloadStatus;
  readonly message: string;
  /** Whether agents should keep sending here. */
  readonly serving: boolean;
}

/** The status of a running Flume, from what its metrics say. */
export function healthStatus(health: FlumeHealth): Shown {
  switch (health.kind) {
    case 'starting':
      return { status: 'maintenance', message: STATUS.starting, serving: true };
    case 'metrics-silent':
      // Flume may deliver fine; only its metrics port is broken: keep the agents sending.
      return { status: 'blocked', message: metricsSilent(health.reason), serving: true };
    case 'dropped':
      return { status: 'blocked', message: droppedComponents(health.components, health.reason), serving: false };
    case 'not-delivering': {
      const reason = health.problems[0]?.reason ?? 'the sink keeps failing';
      // HDFS not taking events is a remote side's fault: the durable channel buffers, agents keep sending.
      return health.remote
        ? { status: 'waiting', message: notDelivering(reason), serving: true }
        : { status: 'blocked', message: notDelivering(reason), serving: false };
    }
    case 'healthy':
      return { status: 'active', message: STATUS.ready, serving: true };
  }
}

function agents(): FlumeAgentProvides | undefined {
  return endpointFromName('flume-agent') as FlumeAgentProvides | undefined;
}

when(FLAG.installed, FLAG.started, FLAG.sinkReady, FLAG.configured)
  .whenNot(FLAG.confRejected, FLAG.stoppedByAction, ...BLOCKING)
  .do(async function reportFlumeHealth() {
    const layout = sinkLayout();
    const parsed = await loadConfig();
    // Flume's metrics reporting every component stand for systemd's "active" (one process fewer, issue 15).
    const service = parsed.ok ? await serviceStatusUnlessServing(layout, { metricsPort: parsed.config.metricsPort, agentName: AGENT_NAME }) : await serviceStatus(layout);
    if (service.state !== 'active' || service.reason !== undefined) {
      agents()?.withdraw();
      await setStatus('blocked', notRunning(service.reason ?? `service is ${service.state}`));
      return;
    }
    if (!parsed.ok) return; // reportInvalidConfig says why
    const { health, reading } = await checkFlumeHealth(layout, {
      metricsPort: parsed.config.metricsPort,
      agentName: AGENT_NAME,
      previous: storedHealthReading(unitState.kv.get(KV_HEALTH)),
      activeForSeconds: service.activeForSeconds,
      waitSeconds: flumeStartedInThisHook() ? START_WAIT_SECONDS : 0,
    });
    if (reading !== undefined) unitState.kv.set(KV_HEALTH, reading as unknown as Json);
    const shown = healthStatus(health);
    if (shown.serving) agents()?.resume();
    else agents()?.withdraw();
    // A delivering unit may still have to say something about its TLS (waiting, expired, relation removed...).
    const tls = shown.status === 'active' ? await tlsStatusNotice(layout) : undefined;
    await setStatus(tls?.status ?? shown.status, tls?.message ?? shown.message);
  });
