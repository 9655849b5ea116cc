// is-leader, leader-get, leader-set. Leader settings are buffered and committed with the hook (see README).
import { checkEmpty, OUTPUT_OPTIONS, parseArgs, parseKeyValues } from './flags';
import { writeOutput, type HookTool } from './hook-tool';
import { CommandError, ok } from './tool-result';

export const isLeader: HookTool = (call) => {
  const parsed = parseArgs(call.args, OUTPUT_OPTIONS);
  checkEmpty(parsed.args);
  return writeOutput(call, parsed, call.ctx.isLeader());
};

export const leaderGet: HookTool = (call) => {
  const parsed = parseArgs(call.args, OUTPUT_OPTIONS);
  const [rawKey, ...rest] = parsed.args;
  checkEmpty(rest);
  const key = rawKey === '-' ? undefined : rawKey;
  const settings = call.ctx.leaderSettings();
  if (key === undefined) return writeOutput(call, parsed, settings);
  return writeOutput(call, parsed, Object.prototype.hasOwnProperty.call(settings, key) ? settings[key] : null);
};

export const leaderSet: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, []);
  const values = parseKeyValues(parsed.args);
  if (!ctx.isLeader()) throw new CommandError('cannot write leadership settings: cannot write settings: not the leader');
  const settings = ctx.leaderSettings();
  for (const [k, v] of values) {
    if (v === '') delete settings[k];
    else settings[k] = v;
  }
  ctx.pending.leaderData = settings;
  return ok();
};
