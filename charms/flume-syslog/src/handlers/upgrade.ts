// upgrade-charm (also what `juju attach-resource` fires): re-check the resource, reinstall only when the
// tarball changed (installFlume compares its hash), and restart a running Flume onto the new version. The
// restart is recorded on disk before the install and carried out by the reconcile's apply(), so a hook killed
// between the install and the restart still restarts when it is retried (the retry finds nothing to install).
import { addPending, forgetAppliedInputs, ResourceError, installFlume } from '@flume-charms/flume';
import { hook, hookContext, hookcmds, isFlagSet, unitState } from '@flume-charms/reactive';
import { agentLayout, FLAGS, KV } from '../workload';
import { blockOnResource, flumeTarball } from './install';

hook('upgrade-charm').do(async function recheckFlumeResource() {
  // Before the first install the install handler does this job.
  if (!isFlagSet(FLAGS.installed)) return;
  const layout = agentLayout(hookContext().appName);
  // The new charm's templates may render differently: the reconcile renders and applies again.
  await forgetAppliedInputs(layout);
  try {
    const result = await installFlume(layout, await flumeTarball(), { beforeChange: () => addPending(layout, ['restart']) });
    unitState.kv.unset(KV.resourceProblem);
    // Always, not only when `changed`: a retry after a kill between install and here still reports it.
    await hookcmds.applicationVersionSet(result.version);
  } catch (error) {
    // The installed Flume keeps running; the status says what to fix.
    if (error instanceof ResourceError) return blockOnResource(error);
    throw error;
  }
});
