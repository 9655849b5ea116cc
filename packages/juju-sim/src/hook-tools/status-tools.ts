// status-set, status-get, application-version-set: they take effect at once, even if the hook then fails.
import type { StatusValue, WorkloadStatusName } from '../model-state';
import { boolOption, checkEmpty, OUTPUT_OPTIONS, outputFormat, parseArgs } from './flags';
import { writeOutput, type HookTool } from './hook-tool';
import { CommandError, ok, usageError } from './tool-result';

const SETTABLE: readonly WorkloadStatusName[] = ['maintenance', 'blocked', 'waiting', 'active'];

export const statusSet: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, [{ names: ['application'], kind: 'bool' }]);
  const [status, message, ...rest] = parsed.args;
  if (status === undefined) throw usageError('invalid args, require <status> [message]');
  if (!(SETTABLE as readonly string[]).includes(status)) throw usageError(`invalid status "${status}", expected one of [${SETTABLE.join(' ')}]`);
  checkEmpty(rest);
  const value: StatusValue = { status: status as WorkloadStatusName, message: message ?? '' };
  if (boolOption(parsed, 'application')) {
    if (!ctx.isLeader()) throw new CommandError('this unit is not the leader');
    ctx.app.status = value;
  } else {
    ctx.unit.statusSetByCharm = true;
    ctx.store.setWorkloadStatus(ctx.unit, value);
  }
  return ok();
};

function details(value: StatusValue, includeData: boolean): Record<string, unknown> {
  return includeData ? { status: value.status, message: value.message, 'status-data': {} } : { status: value.status };
}

export const statusGet: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, [...OUTPUT_OPTIONS, { names: ['include-data'], kind: 'bool' }, { names: ['application'], kind: 'bool' }]);
  checkEmpty(parsed.args);
  const includeData = boolOption(parsed, 'include-data');
  const smartPlain = !includeData && outputFormat(parsed) === 'smart';
  if (boolOption(parsed, 'application')) {
    if (!ctx.isLeader()) throw new CommandError('finding application status: this unit is not the leader');
    const appStatus = ctx.app.status ?? { status: 'unknown', message: '' };
    if (smartPlain) return writeOutput(call, parsed, appStatus.status);
    const units: Record<string, unknown> = {};
    for (const unit of ctx.store.unitsOf(ctx.unit.app)) units[unit.name] = details(unit.workload, includeData);
    return writeOutput(call, parsed, { 'application-status': { ...details(appStatus, includeData), units } });
  }
  if (smartPlain) return writeOutput(call, parsed, ctx.unit.workload.status);
  return writeOutput(call, parsed, details(ctx.unit.workload, includeData));
};

export const applicationVersionSet: HookTool = (call) => {
  const parsed = parseArgs(call.args, []);
  const [version, ...rest] = parsed.args;
  if (version === undefined) throw usageError('no version specified');
  checkEmpty(rest);
  call.ctx.app.version = version;
  return ok();
};
