// The statuses of the states in which Flume cannot (or must not) run. Their conditions exclude each other,
// so whichever order the dispatcher runs them in, the status left is the one of the current state.
import type { FlumeAgentProvides } from '@flume-charms/flume-interface';
import { endpointFromName, log, setStatus, unitState, when } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import type { HadoopPluginProvides } from '../hadoop-plugin';
import { loadConfig } from '../sink';
import { invalidConfig, invalidRelationData, STATUS } from '../statuses';
import { KV_REJECTED } from './configure';
import { KV_RESOURCE_ERROR } from './upgrade';

when(FLAG.configInvalid).do(async function reportInvalidConfig() {
  const result = await loadConfig();
  if (!result.ok) {
    // In `juju debug-log` too, not only in the status, which the next status-set replaces.
    await log(invalidConfig(result.option, result.reason), 'ERROR');
    await setStatus('blocked', invalidConfig(result.option, result.reason));
  }
});

when(FLAG.installed, FLAG.resourceBad)
  .whenNot(FLAG.configInvalid)
  .do(async function reportBadResource() {
    await setStatus('blocked', unitState.kv.get<string>(KV_RESOURCE_ERROR) ?? 'Invalid flume resource');
  });

when(FLAG.hadoopInvalid, FLAG.installed)
  .whenNot(FLAG.configInvalid, FLAG.resourceBad)
  .do(async function reportInvalidHadoopData(hadoop: HadoopPluginProvides) {
    const first = hadoop.invalidUnits()[0];
    if (first) await setStatus('blocked', invalidRelationData(first.unit, first.reason));
  });

// The original charm's report_unconnected and report_waiting.
when(FLAG.installed)
  .whenNot(FLAG.sinkFile, FLAG.hadoopJoined, FLAG.configInvalid, FLAG.resourceBad, FLAG.hadoopInvalid)
  .do(async function reportUnconnected() {
    await setStatus('blocked', STATUS.noHadoopRelation);
  });

when(FLAG.installed, FLAG.hadoopJoined)
  .whenNot(FLAG.sinkFile, FLAG.hdfsReady, FLAG.configInvalid, FLAG.resourceBad, FLAG.hadoopInvalid)
  .do(async function reportWaitingForHdfs() {
    await setStatus('waiting', STATUS.waitingHdfs);
  });

when(FLAG.installed, FLAG.sinkReady, FLAG.confRejected)
  .whenNot(FLAG.configInvalid, FLAG.resourceBad, FLAG.hadoopInvalid)
  .do(async function reportRejectedFlumeConfig() {
    await setStatus('blocked', unitState.kv.get<string>(KV_REJECTED) ?? 'Invalid Flume config');
  });

when(FLAG.installed, FLAG.sinkReady, FLAG.stoppedByAction)
  .whenNot(FLAG.confRejected, FLAG.configInvalid, FLAG.resourceBad, FLAG.hadoopInvalid)
  .do(async function reportStoppedByAction() {
    // Nothing listens: agents must stop sending here and buffer (issue 14 item 7); start-flume publishes again.
    (endpointFromName('flume-agent') as FlumeAgentProvides | undefined)?.withdraw();
    await setStatus('blocked', STATUS.stoppedByAction);
  });

// Ready to receive, no agent yet (the seed handler covers "connected but not yet available").
when(FLAG.installed, FLAG.sinkReady)
  .whenNot(
    FLAG.agentConnected,
    FLAG.started,
    FLAG.confRejected,
    FLAG.stoppedByAction,
    FLAG.configInvalid,
    FLAG.resourceBad,
    FLAG.hadoopInvalid,
  )
  .do(async function reportWaitingForAgent() {
    await setStatus('waiting', STATUS.waitingAgent);
  });

