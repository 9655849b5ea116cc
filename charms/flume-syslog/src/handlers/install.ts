// Install: resource-get flume -> checked extraction into /opt/flume/APP -> java -> user and directories
// -> application-version-set. A missing or bad resource blocks with the exact attach-resource command;
// attach-resource fires upgrade-charm, where this handler (flag still unset) tries again.
import { ResourceError, ensureFlumeUser, ensureJava, ensureLayout, installFlume } from '@flume-charms/flume';
import { HookToolError, config, hookContext, hookcmds, log, setFlag, setStatus, unitState, whenNot } from '@flume-charms/reactive';
import { parseConfig } from '../config';
import { INSTALLING, invalidConfig } from '../statuses';
import { agentLayout, FLAGS, KV } from '../workload';

/** resource-get flume; a missing resource is a ResourceError like any other bad one. */
export async function flumeTarball(): Promise<string> {
  try {
    return await hookcmds.resourceGet('flume');
  } catch (error) {
    if (error instanceof HookToolError) throw new ResourceError('missing', 'no flume resource is attached');
    throw error;
  }
}

/** Shows a resource problem and remembers it until an install succeeds. */
export async function blockOnResource(error: ResourceError): Promise<void> {
  const message = error.blockedMessage(hookContext().appName);
  unitState.kv.set(KV.resourceProblem, message);
  await setStatus('blocked', message);
}

whenNot(FLAGS.installed).do(async function installFlumeHandler() {
  const app = hookContext().appName;
  const parsed = parseConfig(await config());
  if (!parsed.ok) {
    await log(invalidConfig(parsed.error.option, parsed.error.reason), 'ERROR');
    await setStatus('blocked', invalidConfig(parsed.error.option, parsed.error.reason));
    return;
  }
  await setStatus('maintenance', INSTALLING);
  const layout = agentLayout(app);
  let version: string;
  try {
    // The resource first: it is the step a user most often has to fix, and it writes only under /opt/flume/APP.
    version = (await installFlume(layout, await flumeTarball())).version;
  } catch (error) {
    if (error instanceof ResourceError) return blockOnResource(error);
    throw error;
  }
  await ensureJava(parsed.config.javaPackage);
  await ensureFlumeUser();
  await ensureLayout(layout);
  await hookcmds.applicationVersionSet(version);
  unitState.kv.unset(KV.resourceProblem);
  setFlag(FLAGS.installed);
});
