import type { Json } from '../json';
import { expectShape, isObject, runToolJson } from './run';

export type ConfigValues = { [option: string]: Json };

/** `config-get --format=json --all`: every option, unset ones as null (cached for the hook). */
export async function configGet(): Promise<ConfigValues> {
  const args = ['--format=json', '--all'];
  const value = await runToolJson('config-get', args, { cache: true });
  return value === null ? {} : expectShape('config-get', args, value, isObject, 'an object of options');
}
