// action-get, action-set, action-fail, action-log: only inside an action.
import { checkEmpty, OUTPUT_OPTIONS, parseArgs } from './flags';
import { writeOutput, type HookTool, type HookToolCall } from './hook-tool';
import { CommandError, ok, usageError } from './tool-result';

const KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RESERVED = ['stdout', 'stdout-encoding', 'stderr', 'stderr-encoding'];

function requireAction(call: HookToolCall): void {
  if (call.ctx.event.kind !== 'action') throw new CommandError('not running an action');
}

export const actionGet: HookTool = (call) => {
  const parsed = parseArgs(call.args, OUTPUT_OPTIONS);
  const [path, ...rest] = parsed.args;
  checkEmpty(rest);
  requireAction(call);
  const params = call.ctx.event.action?.params ?? {};
  if (path === undefined) return writeOutput(call, parsed, params);
  let value: unknown = params;
  for (const key of path.split('.')) {
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return writeOutput(call, parsed, value ?? null);
};

export const actionSet: HookTool = (call) => {
  const parsed = parseArgs(call.args, []);
  if (parsed.args.length === 0) throw usageError('no key=value pairs specified');
  const pairs: Array<[string[], string]> = [];
  for (const arg of parsed.args) {
    const eq = arg.indexOf('=');
    if (eq < 1) throw usageError(`argument "${arg}" must be of the form key...=value`);
    const keys = arg.slice(0, eq).split('.');
    for (const key of keys) {
      if (!KEY.test(key)) throw usageError(`key "${key}" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric and hyphens`);
    }
    if (keys.length === 1 && RESERVED.includes(keys[0] as string)) throw usageError(`cannot set reserved action key "${keys[0]}"`);
    pairs.push([keys, arg.slice(eq + 1)]);
  }
  requireAction(call);
  for (const [keys, value] of pairs) {
    let node = call.ctx.action.results;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1] as string] = value;
  }
  return ok();
};

export const actionFail: HookTool = (call) => {
  const parsed = parseArgs(call.args, []);
  const [message, ...rest] = parsed.args;
  checkEmpty(rest);
  requireAction(call);
  call.ctx.action.failure = message ?? 'action failed without reason given';
  return ok();
};

export const actionLog: HookTool = (call) => {
  const parsed = parseArgs(call.args, []);
  if (parsed.args.length === 0) throw usageError('no message specified');
  requireAction(call);
  call.ctx.action.log.push(parsed.args.join(' '));
  return ok();
};
