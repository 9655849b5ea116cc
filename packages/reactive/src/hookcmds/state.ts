// state-get, state-set: Juju's controller-side charm state (committed when the hook succeeds).
import { expectShape, isStringRecord, runTool, runToolJson } from './run';

/** `state-get --format=json`: every key. */
export async function stateGet(): Promise<Record<string, string>> {
  const args = ['--format=json'];
  const value = await runToolJson('state-get', args);
  return value === null ? {} : expectShape('state-get', args, value, isStringRecord, 'an object of strings');
}

/** `state-set --file -` */
export async function stateSet(values: Record<string, string>): Promise<void> {
  await runTool('state-set', ['--file', '-'], { input: JSON.stringify(values) });
}
