// relation-ids, relation-list, relation-get, relation-set.
import type { Databag } from '../json';
import { expectShape, isStringArray, isStringRecord, runTool, runToolJson } from './run';

export interface RelationTarget {
  /** 'NAME:ID'; defaults to the relation of the current relation hook. */
  readonly relationId?: string;
  /** Application databag instead of the unit's. */
  readonly app?: boolean;
}

function targetArgs(target: RelationTarget): string[] {
  return [...(target.relationId ? ['-r', target.relationId] : []), ...(target.app ? ['--app'] : [])];
}

/** `relation-ids --format=json NAME` (cached for the hook). */
export async function relationIds(relationName: string): Promise<string[]> {
  const args = ['--format=json', relationName];
  const value = await runToolJson('relation-ids', args, { cache: true });
  return value === null ? [] : expectShape('relation-ids', args, value, isStringArray, 'a list of relation ids');
}

/** `relation-list --format=json [-r ID]`: the remote units (cached for the hook). */
export async function relationList(relationId?: string): Promise<string[]> {
  const args = ['--format=json', ...(relationId ? ['-r', relationId] : [])];
  const value = await runToolJson('relation-list', args, { cache: true });
  return value === null ? [] : expectShape('relation-list', args, value, isStringArray, 'a list of unit names');
}

/** `relation-list --format=json [-r ID] --app`: the remote application, or null (cached for the hook). */
export async function relationListApp(relationId?: string): Promise<string | null> {
  const args = ['--format=json', ...(relationId ? ['-r', relationId] : []), '--app'];
  const value = await runToolJson('relation-list', args, { cache: true });
  return typeof value === 'string' && value !== '' ? value : null;
}

/** `relation-get --format=json [-r ID] [--app] - UNIT_OR_APP`: the whole databag (cached for the hook). */
export async function relationGet(unitOrApp: string, target: RelationTarget = {}): Promise<Databag> {
  const args = ['--format=json', ...targetArgs(target), '-', unitOrApp];
  const value = await runToolJson('relation-get', args, { cache: true });
  return value === null ? {} : expectShape('relation-get', args, value, isStringRecord, 'a databag of strings');
}

/** `relation-get --format=json [-r ID] [--app] KEY UNIT_OR_APP`: one value, null when unset. */
export async function relationGetKey(key: string, unitOrApp: string, target: RelationTarget = {}): Promise<string | null> {
  const args = ['--format=json', ...targetArgs(target), key, unitOrApp];
  const value = await runToolJson('relation-get', args, { cache: true });
  return typeof value === 'string' && value !== '' ? value : null;
}

/** `relation-set [-r ID] [--app] --file -`; an empty string deletes the key. Committed by Juju when the hook succeeds. */
export async function relationSet(data: Databag, target: RelationTarget = {}): Promise<void> {
  await runTool('relation-set', [...targetArgs(target), '--file', '-'], { input: JSON.stringify(data) });
}
