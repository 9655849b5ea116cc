import type { Json } from '../json';
import { answerForHook, expectShape, isObject, runToolJson } from './run';

export type ConfigValues = { [option: string]: Json };

/** `config-get --format=json --all`: every option, unset ones as null (cached for the hook). */
const CONFIG_GET_ARGS = ['--format=json', '--all'];

export async function configGet(): Promise<ConfigValues> {
  const args = CONFIG_GET_ARGS;
  const value = await runToolJson('config-get', args, { cache: true });
  return value === null ? {} : expectShape('config-get', args, value, isObject, 'an object of options');
}

/** This hook's config-get answers `values` without running the tool (update-status: see stored-config.ts). */
export function configFromStore(values: ConfigValues): void {
  answerForHook('config-get', CONFIG_GET_ARGS, JSON.stringify(values));
}
