// Runs an update-status hook in-process with the handlers the test registered; the hook tools answer nothing
// (empty config), so only the handlers' own work (metrics, systemctl on the fake machine) is under test.
import { runHook, type HookOutcome, type ToolRunner } from '@flume-charms/reactive';

const noTools: ToolRunner = async ({ tool }) => (tool === 'config-get' ? '{}' : '');

export async function runUpdateStatus(charmDir: string): Promise<HookOutcome> {
  const env = { JUJU_UNIT_NAME: 'flume/0', JUJU_CHARM_DIR: charmDir, JUJU_DISPATCH_PATH: 'hooks/update-status', JUJU_MODEL_NAME: 'test' };
  return runHook({ env, runner: noTools, trace: () => undefined });
}
