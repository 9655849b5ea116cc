// upgrade-charm (also what `juju attach-resource` fires): re-check the resource, reinstall only when the
// tarball changed (installFlume compares its hash), and restart a running Flume onto the new version.
import { ResourceError, installFlume, restartService } from '@flume-charms/flume';
import { hook, hookContext, hookcmds, isFlagSet, unitState } from '@flume-charms/reactive';
import { agentLayout, FLAGS, KV } from '../workload';
import { blockOnResource, flumeTarball } from './install';

hook('upgrade-charm').do(async function recheckFlumeResource() {
  // Before the first install the install handler does this job.
  if (!isFlagSet(FLAGS.installed)) return;
  const layout = agentLayout(hookContext().appName);
  try {
    const result = await installFlume(layout, await flumeTarball());
    unitState.kv.unset(KV.resourceProblem);
    if (!result.changed) return;
    await hookcmds.applicationVersionSet(result.version);
    if (isFlagSet(FLAGS.started) && !isFlagSet(FLAGS.paused)) await restartService(layout);
  } catch (error) {
    // The installed Flume keeps running; the status says what to fix.
    if (error instanceof ResourceError) return blockOnResource(error);
    throw error;
  }
});
