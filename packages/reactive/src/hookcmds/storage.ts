// storage-get, storage-list: the unit's storage attachments (metadata `storage:`).
import type { Json } from '../json';
import { expectShape, isObject, isStringArray, runToolJson } from './run';

/** The attributes storage-get knows (jujuc storage-get: `kind` and `location`). */
export type StorageKey = 'kind' | 'location';

/** Everything storage-get prints for one storage instance. */
export interface StorageAttributes {
  /** `filesystem` or `block`. */
  readonly kind: string;
  /** Where a filesystem is mounted, or the block device's path. */
  readonly location: string;
}

export interface StorageGetOptions {
  /** A storage id as storage-list prints it (`NAME/N`); default: the storage of the running storage hook. */
  readonly storageId?: string;
}

const TOOL = 'storage-get';

const isAttributes = (v: Json): v is { kind: string; location: string } =>
  isObject(v) && typeof v['kind'] === 'string' && typeof v['location'] === 'string';

/**
 * `storage-get --format=json [-s ID] [KEY]`. Outside a storage hook a storage id is required (Juju's
 * "no storage instance specified"); the answer does not change within a hook, so it is cached.
 */
export async function storageGet(key?: undefined, options?: StorageGetOptions): Promise<StorageAttributes>;
export async function storageGet(key: StorageKey, options?: StorageGetOptions): Promise<string>;
export async function storageGet(key?: StorageKey, options: StorageGetOptions = {}): Promise<StorageAttributes | string> {
  const args = ['--format=json'];
  if (options.storageId !== undefined) args.push('-s', options.storageId);
  if (key !== undefined) args.push(key);
  const value = await runToolJson(TOOL, args, { cache: true });
  if (key !== undefined) return expectShape(TOOL, args, value, (v): v is string => typeof v === 'string', 'a string');
  const { kind, location } = expectShape(TOOL, args, value, isAttributes, 'an object with kind and location');
  return { kind, location };
}

/** `storage-list --format=json [NAME]`: ids (`NAME/N`) of the storage attached to this unit, sorted. */
export async function storageList(name?: string): Promise<string[]> {
  const args = ['--format=json', ...(name === undefined ? [] : [name])];
  const value = await runToolJson('storage-list', args, { cache: true });
  return expectShape('storage-list', args, value, isStringArray, 'a list of storage ids');
}
