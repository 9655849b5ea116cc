// The agent's one reconcile loop, run in every hook once Flume is installed:
//   config -> the sinks the interface validated -> the flow to run -> render -> check -> write -> service -> ports
// then the status. Inputs that did not change since the last successful run skip rendering entirely, so a
// no-op hook (update-status) costs no template work and no hook tool beyond config-get.
import {
  appliedInputs,
  apply,
  CommandError,
  describeCheckErrors,
  ensureLayout,
  forgetAppliedInputs,
  inputsFingerprint,
  recordAppliedInputs,
  renderChecked,
  serviceStatus,
  serviceStatusUnlessServing,
  type FlumeLayout,
} from '@flume-charms/flume';
import type { FlumeAgentRequires, InvalidSink, Sink } from '@flume-charms/flume-interface';
import { config, endpointFromName, hookContext, isFlagSet, log, setFlag, setStatus, unitState, when } from '@flume-charms/reactive';
import { parseConfig, sourceProtocol, type SyslogConfig } from '../config';
import { planChannelOwners, planFlow, type FlowPlan } from '../flow-plan';
import { AGENT_NAME, charmTemplatesDir, renderAgentFiles } from '../render';
import { channelOwners, planRetirement, settleChannelOwners } from '../retired-channels';
import { sinkNames, UnitNameError } from '../sink-names';
import {
  BUFFERING,
  CONFIGURING,
  STOPPED_BY_ACTION,
  WAITING_FOR_SINK_AVAILABLE,
  WAITING_FOR_SINK_RELATION,
  flumeNotRunning,
  invalidConfig,
  invalidFlumeConfig,
  invalidSinkData,
  ready,
} from '../statuses';
import type { SyslogProvides } from '../syslog-endpoint';
import { agentLayout, channelStorage, FLAGS, KV } from '../workload';
import { flumeHealthStatus, noteFlumeStarted, type ShownStatus } from './health';
import { syncPorts } from './ports';
import { prepareTruststores, removeUnusedTruststores } from '../truststores';

type FlowStatus = { readonly status: 'active' | 'waiting'; readonly message: string };

/** Valid sinks whose unit names also make safe Flume names; the rest join the invalid ones. */
function usableSinks(endpoint: FlumeAgentRequires | undefined): { sinks: Sink[]; invalid: InvalidSink[] } {
  const sinks: Sink[] = [];
  const invalid: InvalidSink[] = endpoint ? [...endpoint.invalidSinks()] : [];
  for (const sink of endpoint?.sinks() ?? []) {
    try {
      sinkNames(sink.unit);
      sinks.push(sink);
    } catch (error) {
      if (!(error instanceof UnitNameError)) throw error;
      invalid.push({ relationId: sink.relationId, unit: sink.unit, reason: error.message });
    }
  }
  return { sinks, invalid };
}

/** Logs invalid sinks beside valid ones once per change (juju-log WARNING), not in every hook. */
async function warnAboutInvalid(invalid: readonly InvalidSink[]): Promise<void> {
  const key = JSON.stringify(invalid.map((s) => [s.unit, s.reason]));
  if (unitState.kv.get(KV.warnedInvalid) === key) return;
  for (const sink of invalid) await log(`ignoring sink ${sink.unit}: invalid flume-agent data: ${sink.reason}`, 'WARNING');
  if (invalid.length > 0) unitState.kv.set(KV.warnedInvalid, key);
  else unitState.kv.unset(KV.warnedInvalid);
}

/** Renders, checks and applies the flow. Returns a blocked message when the config was refused or Flume did not start. */
async function applyFlow(app: string, cfg: SyslogConfig, layout: FlumeLayout, plan: FlowPlan, sinks: readonly Sink[]): Promise<string | undefined> {
  await setStatus('maintenance', CONFIGURING);
  await ensureLayout(layout);
  // Before flume.conf names them: a TLS sink's truststore (one per CA bundle).
  const secrets = await prepareTruststores(layout, plan, sinks);
  // A value the escaper refuses (they are validated before they get here) or a checker error: shown, not crashed on.
  const rendered = await renderChecked(() => renderAgentFiles(charmTemplatesDir(), app, cfg, layout, plan, secrets), AGENT_NAME);
  if (!rendered.ok) return invalidFlumeConfig(rendered.problem);
  let result;
  try {
    result = await apply(layout, {
      rendered: rendered.files,
      agentName: AGENT_NAME,
      // The metrics HTTP server listens too: a metrics_port below 1024 needs CAP_NET_BIND_SERVICE as well.
      unit: { agentName: AGENT_NAME, listenPorts: [...cfg.sourcePorts, cfg.metricsPort] },
      desired: isFlagSet(FLAGS.paused) ? 'stopped' : 'running',
    });
  } catch (error) {
    // Flume failing to start is a state to show, not a hook to fail: the files are in place, and the next
    // hook (the fingerprint is not stored) tries again. Any other systemctl failure fails the hook, for Juju
    // to retry.
    if (!(error instanceof CommandError && error.command[0] === 'systemctl')) throw error;
    const service = await serviceStatus(layout);
    if (service.state !== 'failed') throw error;
    return flumeNotRunning(service.reason ?? error.message);
  }
  if (!result.ok) return invalidFlumeConfig(describeCheckErrors(result.errors));
  if (result.action === 'started' || result.action === 'restarted') noteFlumeStarted();
  if (!isFlagSet(FLAGS.paused)) setFlag(FLAGS.started);
  await removeUnusedTruststores(layout, plan);
  return undefined;
}

/** The status of the flow as Flume itself reports it (health.ts), or why Flume is not running. */
async function serviceAwareStatus(
  layout: FlumeLayout,
  cfg: SyslogConfig,
  flow: FlowStatus,
  counts: { sinks: number; clients: number; sinkUnits: ReadonlyMap<string, string> },
): Promise<ShownStatus> {
  if (isFlagSet(FLAGS.paused)) return { status: 'blocked', message: STOPPED_BY_ACTION };
  if (!isFlagSet(FLAGS.started)) return flow;
  // Flume's metrics reporting every component stand for systemd's "active" (one process fewer, issue 15).
  const service = await serviceStatusUnlessServing(layout, { metricsPort: cfg.metricsPort, agentName: AGENT_NAME });
  if (service.state !== 'active') return { status: 'blocked', message: flumeNotRunning(service.reason ?? `service is ${service.state}`) };
  return flumeHealthStatus(layout, cfg, service, flow, counts);
}

when(FLAGS.installed).whenNot(FLAGS.removing).do(async function reconcileAgent() {
  const app = hookContext().appName;
  const parsed = parseConfig(await config());
  if (!parsed.ok) {
    // The running Flume and its files stay as they are; the reason goes to `juju debug-log` as well.
    await log(invalidConfig(parsed.error.option, parsed.error.reason), 'ERROR');
    await setStatus('blocked', invalidConfig(parsed.error.option, parsed.error.reason));
    return;
  }
  const cfg = parsed.config;
  const syslog = endpointFromName('syslog') as SyslogProvides | undefined;
  syslog?.publish(cfg.sourcePorts[0] as number, sourceProtocol(cfg));
  const clients = syslog?.clientCount() ?? 0;

  const agent = endpointFromName('flume-agent') as FlumeAgentRequires | undefined;
  const { sinks, invalid } = usableSinks(agent);
  const started = isFlagSet(FLAGS.started);
  // A bad resource on upgrade-charm leaves the old Flume running; the status keeps saying what to fix.
  const stored = unitState.kv.get(KV.resourceProblem);
  const resourceProblem = typeof stored === 'string' ? stored : undefined;
  const show = (status: ShownStatus['status'], message: string): Promise<void> =>
    resourceProblem === undefined ? setStatus(status, message) : setStatus('blocked', resourceProblem);

  let flow: FlowStatus;
  if (sinks.length > 0) {
    await warnAboutInvalid(invalid);
    flow = { status: 'active', message: ready(sinks.length, clients) };
  } else if (invalid.length > 0) {
    // Hostile or broken data from the only sink(s): the previous config and the running service stay untouched.
    const first = invalid[0] as InvalidSink;
    return show('blocked', invalidSinkData(first.unit, first.reason));
  } else if (started) {
    flow = { status: 'waiting', message: BUFFERING };
  } else if ((agent?.relations.length ?? 0) > 0) {
    // Related, remote side not joined or not published yet: Juju will act, no human needs to (waiting, not blocked).
    return show('waiting', WAITING_FOR_SINK_AVAILABLE);
  } else {
    return show('blocked', WAITING_FOR_SINK_RELATION);
  }

  const layout = agentLayout(app);
  // sink_processor=none: the channel of a departed unit drains to the others before it goes (retired-channels.ts).
  const retiring = await planRetirement(layout, cfg, sinks.map((s) => s.unit), started && !isFlagSet(FLAGS.paused));
  const fingerprintOf = (flow: FlowPlan): string =>
    inputsFingerprint({ cfg, plan: flow, storage: channelStorage() ?? null, paused: isFlagSet(FLAGS.paused) });
  // Compared with the record beside the files, not with unit state (packages/flume applied-inputs.ts): a hook
  // killed after applying, retried with other inputs, must not keep the stale files (issue 14 item 6).
  const applied = await appliedInputs(layout);
  let plan = planFlow(cfg, sinks, retiring.keep);
  let drained = retiring.drained;
  if (drained.length > 0) {
    // An empty drained channel leaves at the next restart Flume needs anyway: a restart only for it would lose
    // the syslog lines Flume reads while it stops (its TCP source keeps reading after its channels closed).
    const retired = new Set([...retiring.keep, ...drained]);
    const unchanged = planFlow(cfg, sinks, channelOwners().filter((unit) => retired.has(unit)));
    if (applied === fingerprintOf(unchanged)) {
      plan = unchanged;
      drained = [];
    }
  }
  const fingerprint = fingerprintOf(plan);
  if (applied !== fingerprint) {
    await forgetAppliedInputs(layout);
    const refused = await applyFlow(app, cfg, layout, plan, sinks);
    if (refused !== undefined) return show('blocked', refused);
    await recordAppliedInputs(layout, fingerprint);
  } else if (!isFlagSet(FLAGS.paused)) {
    // Applied (and started) by a hook killed before it committed its flags: the record says so, not unit state.
    setFlag(FLAGS.started);
  }
  await settleChannelOwners(layout, planChannelOwners(plan), drained);
  await syncPorts(cfg.sourcePorts.map((port) => `${port}/${sourceProtocol(cfg)}`));

  const sinkUnits = new Map(plan.sinks.map((sink) => [sink.name, sink.unit] as const));
  const status = await serviceAwareStatus(layout, cfg, flow, { sinks: sinks.length, clients, sinkUnits });
  await show(status.status, status.message);
});
