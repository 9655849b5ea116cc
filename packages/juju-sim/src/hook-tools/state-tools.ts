// state-get, state-set, state-delete: the unit's server-side charm state, committed with the hook.
import { boolOption, checkEmpty, OUTPUT_OPTIONS, parseArgs, parseKeyValues, stringOption } from './flags';
import { readSettingsFile, writeOutput, type HookTool } from './hook-tool';
import { CommandError, ok, usageError } from './tool-result';

export const stateGet: HookTool = (call) => {
  const parsed = parseArgs(call.args, [...OUTPUT_OPTIONS, { names: ['strict'], kind: 'bool' }]);
  const [rawKey, ...rest] = parsed.args;
  checkEmpty(rest);
  const key = rawKey === '-' ? '' : (rawKey ?? '');
  const state = call.ctx.charmState();
  if (key === '') return writeOutput(call, parsed, state);
  if (!Object.prototype.hasOwnProperty.call(state, key)) {
    if (boolOption(parsed, 'strict')) throw new CommandError(`"${key}" not found`);
    return writeOutput(call, parsed, null);
  }
  return writeOutput(call, parsed, state[key]);
};

export const stateSet: HookTool = (call) => {
  const parsed = parseArgs(call.args, [{ names: ['file'], kind: 'string' }]);
  const overrides = parseKeyValues(parsed.args);
  const file = stringOption(parsed, 'file');
  const values = file !== undefined ? readSettingsFile(call, file) : new Map<string, string>();
  for (const [k, v] of overrides) values.set(k, v);
  const state = call.ctx.charmState();
  for (const [k, v] of values) state[k] = v;
  call.ctx.pending.charmState = state;
  return ok();
};

export const stateDelete: HookTool = (call) => {
  const parsed = parseArgs(call.args, []);
  const [key, ...rest] = parsed.args;
  if (key === undefined) throw usageError('argument "key" is required');
  checkEmpty(rest);
  const state = call.ctx.charmState();
  delete state[key];
  call.ctx.pending.charmState = state;
  return ok();
};
