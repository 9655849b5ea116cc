// @flume-charms/reactive: charms.reactive for TypeScript.
export { when, whenAll, whenNot, whenNone, whenAny, whenNotAll, hook, whenFileChanged, onlyOnce, HandlerBuilder } from './builders';
export { setFlag, clearFlag, toggleFlag, isFlagSet, getFlags, allFlagsSet, anyFlagsSet } from './flags';
export { registerTrigger, type TriggerSpec } from './triggers';
export {
  Endpoint,
  Relation,
  RelatedUnit,
  registerEndpoint,
  endpointFromName,
  endpointFromFlag,
  type EndpointClass,
  type EndpointOptions,
  type RelationRole,
} from './endpoint';
export { main, runHook, hookContext, unitState, type MainOptions, type HookOutcome } from './main';
export { setStatus, log, type SetStatusOptions } from './status';
export { config } from './config-flags';
export { action, type ActionHandler, type ActionResults } from './action';
export { readHookContext, type HookContext } from './context';
export type { KeyValue } from './unit-state';
export type { Json, Databag } from './json';
export type { HandlerFunction } from './handler';
export {
  HookToolError,
  HookToolOutputError,
  HookContextError,
  UnitStateError,
  DispatchCycleError,
  RegistrationError,
  NoHookRunningError,
  EndpointError,
} from './errors';
export type { ToolRunner, ToolCall } from './hookcmds/run';
export { runProcess, type ProcessOptions, type ProcessOutcome } from './process-runner';
export { flushStderrLines } from './stderr-line';
export { perHook, forgetPerHook } from './per-hook';
export type { WorkloadStatus } from './hookcmds/status';
export type { LogLevel } from './hookcmds/log';
export type { ConfigValues } from './hookcmds/config';
export { resetRegistry } from './registry';
export * as hookcmds from './hookcmds';
