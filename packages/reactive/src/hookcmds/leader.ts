// is-leader, leader-get, leader-set.
import type { Json } from '../json';
import { expectShape, isStringRecord, runTool, runToolJson } from './run';

/** `is-leader --format=json` (cached for the hook). */
export async function isLeader(): Promise<boolean> {
  return (await runToolJson('is-leader', ['--format=json'], { cache: true })) === true;
}

/** `leader-get --format=json`: all leader settings. */
export async function leaderGet(): Promise<Record<string, string>> {
  const args = ['--format=json'];
  const value: Json = await runToolJson('leader-get', args);
  return value === null ? {} : expectShape('leader-get', args, value, isStringRecord, 'an object of strings');
}

/** `leader-set KEY=VALUE...` (leader only; an empty value deletes the key). */
export async function leaderSet(settings: Record<string, string>): Promise<void> {
  const pairs = Object.entries(settings).map(([k, v]) => `${k}=${v}`);
  if (pairs.length > 0) await runTool('leader-set', pairs);
}
