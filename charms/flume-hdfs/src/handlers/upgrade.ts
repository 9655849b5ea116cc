// upgrade-charm: a new charm (templates may differ) or a newly attached resource. Reinstall only when the
// tarball changed (installFlume compares its hash); a bad new resource keeps the running Flume. A new build
// needs a restart: it is recorded on disk before the install, so that configureFlume's apply() carries it out
// even when this hook is killed after the install and its retry finds nothing left to install.
import { addPending, ResourceError, installFlume } from '@flume-charms/flume';
import { clearFlag, hook, hookcmds, isFlagSet, setFlag, unitState } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { appName, sinkLayout } from '../sink';
import { attachedTarball } from './install';

export const KV_RESOURCE_ERROR = 'flume-hdfs.resource-error';

hook('upgrade-charm').do(async function recheckResource() {
  clearFlag(FLAG.configured);
  if (!isFlagSet(FLAG.installed)) return; // the install handler takes it from here
  const layout = sinkLayout();
  try {
    const result = await installFlume(layout, await attachedTarball(), { beforeChange: () => addPending(layout, ['restart']) });
    clearFlag(FLAG.resourceBad);
    unitState.kv.unset(KV_RESOURCE_ERROR);
    // Always, not only when `changed`: a retry after a kill between install and here still reports it.
    await hookcmds.applicationVersionSet(result.version);
  } catch (error) {
    if (!(error instanceof ResourceError)) throw error;
    setFlag(FLAG.resourceBad);
    unitState.kv.set(KV_RESOURCE_ERROR, error.blockedMessage(appName()));
  }
});
