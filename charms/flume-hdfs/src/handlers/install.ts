// Install: Java, the flume user and layout, then Flume from the `flume` resource. A missing or bad resource
// leaves the unit blocked with the exact attach-resource command; attaching one fires upgrade-charm, and
// this handler runs again in every hook until Flume is installed.
import {
  ResourceError,
  ensureFlumeUser,
  ensureJava,
  ensureLayout,
  installFlume,
} from '@flume-charms/flume';
import { hookcmds, setFlag, setStatus, whenNot } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { appName, loadConfig, sinkLayout } from '../sink';
import { STATUS } from '../statuses';

/** resource-get flume: the tarball's path, or a ResourceError when none is attached. */
export async function attachedTarball(): Promise<string> {
  try {
    const file = await hookcmds.resourceGet('flume');
    if (file === '') throw new ResourceError('missing', 'resource-get returned no path');
    return file;
  } catch (error) {
    if (error instanceof ResourceError) throw error;
    if (error instanceof hookcmds.HookToolError) throw new ResourceError('missing', 'no flume resource is attached');
    throw error;
  }
}

whenNot(FLAG.installed, FLAG.configInvalid).do(async function installFlumeHandler() {
  const parsed = await loadConfig();
  if (!parsed.ok) return; // validateConfig blocks with the reason; java_package may be the bad option
  const config = parsed.config;
  let tarball: string;
  try {
    tarball = await attachedTarball();
  } catch (error) {
    if (!(error instanceof ResourceError)) throw error;
    await setStatus('blocked', error.blockedMessage(appName()));
    return;
  }
  await setStatus('maintenance', STATUS.installing);
  await ensureJava(config.javaPackage);
  await ensureFlumeUser();
  const layout = sinkLayout();
  await ensureLayout(layout);
  try {
    const result = await installFlume(layout, tarball);
    await hookcmds.applicationVersionSet(result.version);
  } catch (error) {
    if (!(error instanceof ResourceError)) throw error;
    await setStatus('blocked', error.blockedMessage(appName()));
    return;
  }
  setFlag(FLAG.installed);
});
