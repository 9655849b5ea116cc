// action-get, action-set, action-fail, action-log.
import type { Json } from '../json';
import { expectShape, isObject, runTool, runToolJson } from './run';

export type ActionParams = { [key: string]: Json };

/** `action-get --format=json`: the action's parameters. */
export async function actionGet(): Promise<ActionParams> {
  const args = ['--format=json'];
  const value = await runToolJson('action-get', args, { cache: true });
  return value === null ? {} : expectShape('action-get', args, value, isObject, 'an object');
}

/** Flatten nested results to Juju's dotted keys: {a: {b: 1}} -> a.b=1. */
export function flattenResults(results: { [key: string]: Json }, prefix = ''): string[] {
  return Object.entries(results).flatMap(([key, value]) =>
    isObject(value) ? flattenResults(value, `${prefix}${key}.`) : [`${prefix}${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`],
  );
}

/** `action-set KEY=VALUE...` */
export async function actionSet(results: { [key: string]: Json }): Promise<void> {
  const pairs = flattenResults(results);
  if (pairs.length > 0) await runTool('action-set', pairs);
}

/** `action-fail -- MSG`: after `--`, a message such as "-x is invalid" cannot be taken for a flag. */
export async function actionFail(message: string): Promise<void> {
  await runTool('action-fail', ['--', message]);
}

/** `action-log -- MSG` */
export async function actionLog(message: string): Promise<void> {
  await runTool('action-log', ['--', message]);
}
