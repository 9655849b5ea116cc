// The seed's configure_flume: Flume installed, the sink ready, an agent available -> render, check, write,
// start, open the source port; reportFlumeHealth then sets active "Ready" once systemd says it runs. It runs again whenever the config, the Hadoop data, the
// storage or the charm changed (those clear flume-hdfs.configured); files that come out identical restart
// nothing. An invalid rendered config is never written: the running Flume keeps the last good one.
import {
  apply,
  CommandError,
  checkFlumeConfig,
  ensureLayout,
  machinePath,
  restartService,
  serviceStatus,
  UnsafeValueError,
  writeFileAtomic,
  FLUME_GROUP,
  type FlumeLayout,
} from '@flume-charms/flume';
import type { FlumeAgentProvides } from '@flume-charms/flume-interface';
import { clearFlag, endpointFromName, hookcmds, isFlagSet, log, setFlag, setStatus, unitState, when } from '@flume-charms/reactive';
import type { SinkConfig } from '../config';
import { BLOCKING, FLAG } from '../flags';
import type { HadoopPluginProvides } from '../hadoop-plugin';
import { AGENT_NAME, charmTemplatesDir, renderSinkFiles, type SinkFiles } from '../render';
import { appName, loadConfig, sinkLayout } from '../sink';
import { invalidFlumeConfig, notRunning, STATUS } from '../statuses';

export const KV_REJECTED = 'flume-hdfs.rejected';
export const KV_OPENED_PORT = 'flume-hdfs.opened-port';

export function hdfsSitePath(layout: FlumeLayout): string {
  return `${layout.configDir}/hdfs-site.xml`;
}

/** hdfs-site.xml beside flume.conf (hdfs sink) or gone (file sink). Returns whether it changed. */
async function writeHdfsSite(layout: FlumeLayout, content: string | undefined): Promise<boolean> {
  const file = machinePath(hdfsSitePath(layout));
  if (content !== undefined) {
    return (await writeFileAtomic(file, content, { mode: 0o640, owner: `root:${FLUME_GROUP}` })).changed;
  }
  const { promises: fs } = await import('node:fs');
  try {
    await fs.unlink(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Renders; an unsafe value or a checker error comes back as the blocked message, nothing written. */
async function renderChecked(config: SinkConfig, layout: FlumeLayout): Promise<{ files: SinkFiles } | { rejected: string }> {
  const hadoop = endpointFromName('hadoop') as HadoopPluginProvides | undefined;
  const hdfs = config.sinkType === 'hdfs' ? hadoop?.hdfsTarget() : undefined;
  let files: SinkFiles;
  try {
    files = await renderSinkFiles(charmTemplatesDir(), appName(), config, layout, hdfs);
  } catch (error) {
    if (error instanceof UnsafeValueError) return { rejected: invalidFlumeConfig(error.message) };
    throw error;
  }
  const check = checkFlumeConfig(files.flumeConf, AGENT_NAME);
  const first = check.errors[0];
  if (first) return { rejected: invalidFlumeConfig(`${first.component} ${first.message}`) };
  return { files };
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
    const rendered = await renderChecked(config, layout);
    if ('rejected' in rendered) {
      setFlag(FLAG.confRejected);
      unitState.kv.set(KV_REJECTED, rendered.rejected);
      return;
    }
    clearFlag(FLAG.confRejected);
    unitState.kv.unset(KV_REJECTED);
    if (!isFlagSet(FLAG.started)) await setStatus('maintenance', STATUS.configuring);

    await ensureLayout(layout);
    const hdfsSiteChanged = await writeHdfsSite(layout, rendered.files.hdfsSite);
    let result: Awaited<ReturnType<typeof apply>>;
    try {
      result = await apply(layout, {
        rendered: rendered.files,
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
    if (!result.ok) {
      // apply() runs the same checker; kept for completeness, never a half-applied config.
      const first = result.errors[0];
      setFlag(FLAG.confRejected);
      unitState.kv.set(KV_REJECTED, invalidFlumeConfig(first ? `${first.component} ${first.message}` : 'rejected'));
      return;
    }
    // apply() knows the three common files; hdfs-site.xml and a new Flume build also need a restart.
    if (result.action === 'none' && (hdfsSiteChanged || isFlagSet(FLAG.reinstalled))) await restartService(layout);
    clearFlag(FLAG.reinstalled);

    await reconcilePort(config.sourcePort);
    const flumeAgent = endpointFromName('flume-agent') as FlumeAgentProvides | undefined;
    if (flumeAgent && isFlagSet(FLAG.agentConnected)) {
      // A changed source_port, protocol or compression_type reaches every agent.
      await flumeAgent.sendConfiguration(config.sourcePort, config.protocol, config.compressionType);
    }
    setFlag(FLAG.configured);
    setFlag(FLAG.started);
    // "Ready" comes from reportFlumeHealth, which runs next and first asks systemd whether Flume runs.
  });
