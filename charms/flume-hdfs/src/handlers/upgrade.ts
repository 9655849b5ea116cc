// upgrade-charm: a new charm (templates may differ) or a newly attached resource. Reinstall only when the
// tarball changed (installFlume compares its hash); a bad new resource keeps the running Flume.
import { ResourceError, installFlume } from '@flume-charms/flume';
import { clearFlag, hook, hookcmds, isFlagSet, setFlag, unitState } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { appName, sinkLayout } from '../sink';
import { attachedTarball, KV_VERSION } from './install';

export const KV_RESOURCE_ERROR = 'flume-hdfs.resource-error';

hook('upgrade-charm').do(async function recheckResource() {
  clearFlag(FLAG.configured);
  if (!isFlagSet(FLAG.installed)) return; // the install handler takes it from here
  try {
    const result = await installFlume(sinkLayout(), await attachedTarball());
    clearFlag(FLAG.resourceBad);
    unitState.kv.unset(KV_RESOURCE_ERROR);
    if (result.changed) {
      setFlag(FLAG.reinstalled);
      unitState.kv.set(KV_VERSION, result.version);
      await hookcmds.applicationVersionSet(result.version);
    }
  } catch (error) {
    if (!(error instanceof ResourceError)) throw error;
    setFlag(FLAG.resourceBad);
    unitState.kv.set(KV_RESOURCE_ERROR, error.blockedMessage(appName()));
  }
});
