// A unit where Flume is laid out (fake machine, minimal flume.conf) and hooks run in-process with the handlers
// the test registered. The hook tools answer nothing (empty config), so only the handlers' own work (metrics
// reads, systemctl on the fake machine) is under test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetRegistry, runHook, type HookOutcome, type ToolRunner } from '@flume-charms/reactive';
import { ensureLayout, type FlumeLayout } from '../../src';
import { createFakeMachine, type FakeMachine } from './fake-machine';
import { minimalConf } from './minimal-conf';

const noTools: ToolRunner = async ({ tool }) => (tool === 'config-get' ? '{}' : '');

export interface HookBench {
  readonly machine: FakeMachine;
  readonly charmDir: string;
  runUpdateStatus(): Promise<HookOutcome>;
  dispose(): void;
}

/** Call in beforeEach (it clears the handler registry) and dispose() in afterEach. */
export async function createHookBench(layout: FlumeLayout): Promise<HookBench> {
  resetRegistry();
  const machine = createFakeMachine();
  let charmDir: string | undefined;
  const dispose = (): void => {
    machine.dispose();
    if (charmDir !== undefined) rmSync(charmDir, { recursive: true, force: true });
  };
  try {
    await ensureLayout(layout);
    writeFileSync(join(process.env.CHARM_ROOTFS as string, layout.flumeConf), minimalConf());
    charmDir = mkdtempSync(join(tmpdir(), 'hook-bench-'));
  } catch (error) {
    dispose();
    throw error;
  }
  const dir = charmDir;
  return {
    machine,
    charmDir: dir,
    runUpdateStatus: () => {
      const env = { JUJU_UNIT_NAME: 'flume/0', JUJU_CHARM_DIR: dir, JUJU_DISPATCH_PATH: 'hooks/update-status', JUJU_MODEL_NAME: 'test' };
      return runHook({ env, runner: noTools, trace: () => undefined });
    },
    dispose,
  };
}
