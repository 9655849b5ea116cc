// The seed's configure_flume: Flume installed, the sink ready, an agent available -> render, check, write,
// start, open the source port; reportFlumeHealth then sets active "Ready" once systemd says it runs.
// It runs again whenever the config, the Hadoop data, the storage or the charm changed (those clear
// flume-hdfs.configured); files that come out identical restart nothing (a new Flume build restarts it:
// upgrade-charm records that). An invalid rendered config is never written: Flume keeps the last good one.
import {
  appliedInputs,
  apply,
  CommandError,
  describeCheckErrors,
  ensureLayout,
  forgetAppliedInputs,
  recordAppliedInputs,
  renderChecked,
  serviceStatus,
} from '@flume-charms/flume';
import type { FlumeAgentProvides } from '@flume-charms/flume-interface';
import { clearFlag, endpointFromName, hookcmds, isFlagSet, log, setFlag, setStatus, unitState, when } from '@flume-charms/reactive';
import { BLOCKING, FLAG } from '../flags';
import type { HadoopPluginProvides } from '../hadoop-plugin';
import { AGENT_NAME, charmTemplatesDir, HDFS_SITE_FILE, renderSinkFiles } from '../render';
import { publishedSettings } from '../config';
import { appName, loadConfig, noteFlumeStarted, sinkInputs, sinkLayout } from '../sink';
import { invalidFlumeConfig, notRunning, STATUS } from '../statuses';
import { servedTls } from '../tls-state';

export const KV_REJECTED = 'flume-hdfs.rejected';
export const KV_OPENED_PORT = 'flume-hdfs.opened-port';

/** The rendered config was refused (nothing written): blocked with the reason, by reportRejectedFlumeConfig. */
function reject(problem: string): void {
  setFlag(FLAG.confRejected);
  unitState.kv.set(KV_REJECTED, invalidFlumeConfig(problem));
}

/** Opens source_port/tcp, closing the previous one when it changed (both commit with the hook). */
async function reconcilePort(port: number): Promise<void> {
  const previous = unitState.kv.get<number>(KV_OPENED_PORT);
  if (previous === port) return;
  if (typeof previous === 'number') await hookcmds.closePort(previous, 'tcp');
  await hookcmds.openPort(port, 'tcp');
  unitState.kv.set(KV_OPENED_PORT, port);
}

when(FLAG.installed, FLAG.sinkReady)
  .whenAny(FLAG.agentAvailable, FLAG.started)
  .whenNot(FLAG.configured, FLAG.stoppedByAction, ...BLOCKING)
  .do(async function configureFlume() {
    const parsed = await loadConfig();
    if (!parsed.ok) return; // reportInvalidConfig says why; the running files stay
    const config = parsed.config;
    const layout = sinkLayout();
    const hadoop = endpointFromName('hadoop') as HadoopPluginProvides | undefined;
    const hdfs = config.sinkType === 'hdfs' ? hadoop?.hdfsTarget() : undefined;
    // TLS code loads only on units that serve TLS.
    const tls = servedTls() ? await (await import('../tls-certificate')).sourceTls(layout) : undefined;
    const rendered = await renderChecked(() => renderSinkFiles(charmTemplatesDir(), appName(), config, layout, hdfs, tls), AGENT_NAME);
    if (!rendered.ok) return reject(rendered.problem);
    clearFlag(FLAG.confRejected);
    unitState.kv.unset(KV_REJECTED);
    if (!isFlagSet(FLAG.started)) await setStatus('maintenance', STATUS.configuring);

    await ensureLayout(layout);
    const inputs = sinkInputs(config, hdfs);
    await forgetAppliedInputs(layout); // until the files below are applied (see verifyAppliedInputs)
    let result: Awaited<ReturnType<typeof apply>>;
    try {
      result = await apply(layout, {
        rendered: rendered.files,
        // Beside flume.conf (Flume's -c directory, on its classpath) for the hdfs sink; removed for the file sink.
        extraFiles: [{ name: HDFS_SITE_FILE, content: rendered.files.hdfsSite }],
        agentName: AGENT_NAME,
        unit: { agentName: AGENT_NAME, listenPorts: [config.sourcePort, config.metricsPort] },
        desired: 'running',
      });
    } catch (error) {
      // The files are written, but systemd could not (re)start Flume. Failing the hook would hide the reason
      // behind an error status; instead say why (blocked, from the journal and log) and leave the flags so
      // that the next hook (update-status at the latest) tries again: configured stays unset.
      if (!(error instanceof CommandError) || error.command[0] !== 'systemctl') throw error;
      await log(`Flume did not start: ${error.message}`, 'WARNING');
      const status = await serviceStatus(layout);
      await setStatus('blocked', notRunning(status.reason ?? error.message));
      setFlag(FLAG.started);
      return;
    }
    // apply() runs the same checker; kept for completeness, never a half-applied config.
    if (!result.ok) return reject(describeCheckErrors(result.errors));
    if (result.action === 'started' || result.action === 'restarted') noteFlumeStarted();
    await recordAppliedInputs(layout, inputs);

    await reconcilePort(config.sourcePort);
    const flumeAgent = endpointFromName('flume-agent') as FlumeAgentProvides | undefined;
    if (flumeAgent && isFlagSet(FLAG.agentConnected)) {
      // A changed source_port, protocol, compression_type or channel_transaction_capacity reaches every agent.
      const published = publishedSettings(config);
      await flumeAgent.sendConfiguration(published.port, published.protocol, published.compression, published.maxBatchSize);
    }
    // After Flume (re)started with (or without) TLS: agents learn which CA to trust, or that TLS is off.
    await flumeAgent?.setTlsCa(servedTls()?.caBundle);
    setFlag(FLAG.configured);
    setFlag(FLAG.started);
    // "Ready" comes from reportFlumeHealth, which runs next and first asks systemd whether Flume runs.
  });

// `configured` is unit state, committed only when a hook succeeds; the files change at once. A hook killed after
// applying new inputs and retried with other ones (the config changed back) would keep the stale files behind a
// stale flag: the record beside the files says what they were rendered from (issue 14 item 6).
when(FLAG.configured).do(async function verifyAppliedInputs() {
  const parsed = await loadConfig();
  if (!parsed.ok) return;
  const hadoop = endpointFromName('hadoop') as HadoopPluginProvides | undefined;
  const hdfs = parsed.config.sinkType === 'hdfs' ? hadoop?.hdfsTarget() : undefined;
  if ((await appliedInputs(sinkLayout())) !== sinkInputs(parsed.config, hdfs)) clearFlag(FLAG.configured);
});
