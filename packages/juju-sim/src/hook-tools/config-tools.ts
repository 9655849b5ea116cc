// config-get: the application's settings over the charm's defaults.
import { boolOption, checkEmpty, OUTPUT_OPTIONS, parseArgs } from './flags';
import { writeOutput, type HookTool } from './hook-tool';
import { usageError } from './tool-result';

export const configGet: HookTool = (call) => {
  const parsed = parseArgs(call.args, [...OUTPUT_OPTIONS, { names: ['a', 'all'], kind: 'bool' }]);
  const [key, ...rest] = parsed.args;
  const all = boolOption(parsed, 'a');
  if (key !== undefined && key !== '' && all) throw usageError(`cannot use argument --all together with key "${key}"`);
  checkEmpty(rest);
  const settings = call.ctx.store.config(call.ctx.unit.app);
  if (key !== undefined && key !== '') return writeOutput(call, parsed, settings[key] ?? null);
  if (!all) for (const k of Object.keys(settings)) if (settings[k] === null) delete settings[k];
  return writeOutput(call, parsed, settings);
};
