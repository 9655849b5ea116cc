// storage-get, storage-list: as jujuc's (worker/uniter/runner/jujuc/storage-{get,list,id}.go), over the
// storage attached to the hook's unit.
import type { HookContext } from '../hook-context';
import { checkEmpty, OUTPUT_OPTIONS, parseArgs, stringOption, type OptionSpec } from './flags';
import { writeOutput, type HookTool } from './hook-tool';
import { CommandError, usageError } from './tool-result';

/** names.IsValidStorage: a storage name, a slash, a number. */
const STORAGE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*\/\d+$/;

/** -s ID (storageIdValue.Set): a valid id of storage attached to this unit. */
function storageOption(ctx: HookContext): OptionSpec {
  return {
    names: ['s'],
    kind: 'string',
    parse: (value) => {
      if (!STORAGE_ID.test(value)) throw new Error(`invalid storage ID "${value}"`);
      if (!ctx.unit.storage.has(value)) throw new Error('storage not found');
      return value;
    },
  };
}

/** Juju sorts storage by tag: `storage-NAME-N`, compared as strings. */
function byTag(a: string, b: string): number {
  const tag = (id: string): string => `storage-${id.replace('/', '-')}`;
  return tag(a) < tag(b) ? -1 : tag(a) > tag(b) ? 1 : 0;
}

export const storageGet: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, [...OUTPUT_OPTIONS, storageOption(ctx)]);
  // In a storage hook the hook's storage is the default; elsewhere -s is required (checked before the args).
  const id = stringOption(parsed, 's') ?? ctx.event.storageId;
  if (id === undefined) throw usageError('no storage instance specified');
  const [key, ...rest] = parsed.args;
  checkEmpty(rest);
  const attachment = ctx.unit.storage.get(id);
  if (!attachment) throw new CommandError('storage not found');
  const values: Record<string, string> = { kind: attachment.kind, location: attachment.location };
  if (key === undefined || key === '') return writeOutput(call, parsed, values);
  if (!Object.prototype.hasOwnProperty.call(values, key)) throw new CommandError(`invalid storage attribute "${key}"`);
  return writeOutput(call, parsed, values[key]);
};

export const storageList: HookTool = (call) => {
  const parsed = parseArgs(call.args, OUTPUT_OPTIONS);
  const [name, ...rest] = parsed.args;
  checkEmpty(rest);
  const ids = [...call.ctx.unit.storage.keys()].filter((id) => !name || id.slice(0, id.indexOf('/')) === name).sort(byTag);
  return writeOutput(call, parsed, ids);
};
