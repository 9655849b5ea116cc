import { runHook, type HookOutcome, type MainOptions } from '../../src/main';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookEnv, type FakeJuju } from './fake-juju';

export interface TestRun extends HookOutcome {
  readonly trace: string[];
}

/** Run one hook against the fake tools; the dispatcher's narration is collected instead of printed. */
export async function runWith(
  juju: FakeJuju,
  charmDir: string,
  hook: string,
  extraEnv: Record<string, string> = {},
  options: Omit<MainOptions, 'env' | 'runner' | 'trace'> = {},
): Promise<TestRun> {
  const trace: string[] = [];
  const outcome = await runHook({ ...options, env: hookEnv(charmDir, hook, extraEnv), runner: juju.runner, trace: (l) => trace.push(l) });
  return { ...outcome, trace };
}

export function invoked(run: TestRun): string[] {
  return run.trace.filter((l) => l.startsWith('Invoking reactive handler: ')).map((l) => l.slice('Invoking reactive handler: '.length));
}

export function storedState(charmDir: string): { flags: string[]; kv: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(charmDir, '.unit-state.json'), 'utf8'));
}
