// Thin, typed wrappers: one function per Juju hook tool, named after the tool.
export * from './run';
export * from './relation';
export * from './config';
export * from './status';
export * from './log';
export * from './ports';
export * from './unit';
export * from './leader';
export * from './action';
export * from './state';
export * from './storage';
export { HookToolError, HookToolOutputError } from '../errors';
