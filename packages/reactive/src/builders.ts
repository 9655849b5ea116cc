// The decorators of charms.reactive as chained builders:
//   when('a', 'b').whenNot('c').do(async function handler(endpointOfA) { ... })
import { endpointFromFlag, endpointFromName, endpointRegistrations } from './endpoint';
import { RegistrationError } from './errors';
import { anyFileChanged, type FileName } from './file-hash';
import { allFlagsSet, anyFlagsSet, isFlagSet } from './flags';
import { registerHandler, type HandlerFunction } from './handler';
import { hookNamesOf } from './hook-pattern';
import { currentRuntime } from './runtime';

type Condition =
  | { readonly kind: 'all' | 'any' | 'none' | 'notAll'; readonly flags: readonly string[] }
  | { readonly kind: 'hook'; readonly patterns: readonly string[] }
  | { readonly kind: 'files'; readonly files: readonly FileName[] }
  | { readonly kind: 'onlyOnce' };

export class HandlerBuilder {
  constructor(private readonly conditions: readonly Condition[] = []) {}

  private with(condition: Condition): HandlerBuilder {
    return new HandlerBuilder([...this.conditions, condition]);
  }

  /** All flags set (alias of whenAll). The endpoints of these flags are the handler's arguments. */
  when(...flags: string[]): HandlerBuilder {
    return this.with({ kind: 'all', flags });
  }
  whenAll(...flags: string[]): HandlerBuilder {
    return this.when(...flags);
  }
  /** None of the flags set (alias of whenNone). */
  whenNot(...flags: string[]): HandlerBuilder {
    return this.whenNone(...flags);
  }
  whenNone(...flags: string[]): HandlerBuilder {
    return this.with({ kind: 'none', flags });
  }
  whenAny(...flags: string[]): HandlerBuilder {
    return this.with({ kind: 'any', flags });
  }
  /** At least one of the flags not set. */
  whenNotAll(...flags: string[]): HandlerBuilder {
    return this.with({ kind: 'notAll', flags });
  }
  /** Runs in the hooks phase when the current hook matches a pattern ('{provides:NAME}-relation-{joined,changed}'). */
  hook(...patterns: string[]): HandlerBuilder {
    return this.with({ kind: 'hook', patterns });
  }
  /** Runs when any file's content changed since the last check. */
  whenFileChanged(...files: FileName[]): HandlerBuilder {
    return this.with({ kind: 'files', files });
  }
  /** Runs once in the unit's life (the handler function must be named: its name is the persisted id). */
  onlyOnce(): HandlerBuilder {
    return this.with({ kind: 'onlyOnce' });
  }

  /** Register the handler. Returns the function unchanged. */
  do<F extends HandlerFunction>(fn: F): F {
    const conditions = this.conditions;
    const isHook = conditions.some((c) => c.kind === 'hook');
    const hasFlags = conditions.some((c) => c.kind === 'all' || c.kind === 'any' || c.kind === 'none' || c.kind === 'notAll');
    if (isHook && hasFlags) throw new RegistrationError(`hook() cannot be combined with when*() (handler ${fn.name || 'anonymous'})`);
    const onlyOnce = conditions.some((c) => c.kind === 'onlyOnce');
    if (onlyOnce && !fn.name) throw new RegistrationError('onlyOnce() needs a named handler function: its name is stored as its id');
    if (conditions.length === 0) throw new RegistrationError(`handler ${fn.name || 'anonymous'} has no condition`);

    const predicates: Array<() => boolean> = [];
    const watched = new Set<string>();
    const argFlags: string[] = [];
    const invokedKey = `reactive.invoked.${fn.name}`;
    for (const condition of conditions) {
      switch (condition.kind) {
        case 'all':
          predicates.push(() => allFlagsSet(condition.flags));
          argFlags.push(...condition.flags);
          break;
        case 'any':
          predicates.push(() => anyFlagsSet(condition.flags));
          break;
        case 'none':
          predicates.push(() => !anyFlagsSet(condition.flags));
          break;
        case 'notAll':
          predicates.push(() => !allFlagsSet(condition.flags));
          break;
        case 'hook': {
          const hooks = hookNamesOf(condition.patterns);
          predicates.push(() => hooks().has(currentRuntime('hook()').context.hookName));
          break;
        }
        case 'files':
          predicates.push(() => anyFileChanged(condition.files, currentRuntime('whenFileChanged()').state.kv));
          break;
        case 'onlyOnce':
          predicates.push(() => !currentRuntime('onlyOnce()').state.kv.has(invokedKey));
          break;
      }
      if ('flags' in condition) for (const flag of condition.flags) watched.add(flag);
    }
    registerHandler({
      baseId: fn.name || 'anonymous',
      phase: isHook ? 'hooks' : 'other',
      action: fn,
      predicates,
      flags: watched,
      // charms.reactive: when() passes the endpoint of each of its flags; hook() the endpoint of the current relation.
      args: isHook
        ? () => {
            const relation = currentRuntime('hook()').context.relationName;
            const endpoint = relation ? endpointFromName(relation) : undefined;
            return endpoint ? [endpoint] : [];
          }
        : () => argFlags.map((flag) => (isFlagSet(flag) ? endpointFromFlag(flag) : undefined)).filter((e) => e !== undefined),
      after: onlyOnce ? [() => currentRuntime('onlyOnce()').state.kv.set(invokedKey, true)] : [],
    });
    return fn;
  }
}

export const when = (...flags: string[]): HandlerBuilder => new HandlerBuilder().when(...flags);
export const whenAll = (...flags: string[]): HandlerBuilder => new HandlerBuilder().whenAll(...flags);
export const whenNot = (...flags: string[]): HandlerBuilder => new HandlerBuilder().whenNot(...flags);
export const whenNone = (...flags: string[]): HandlerBuilder => new HandlerBuilder().whenNone(...flags);
export const whenAny = (...flags: string[]): HandlerBuilder => new HandlerBuilder().whenAny(...flags);
export const whenNotAll = (...flags: string[]): HandlerBuilder => new HandlerBuilder().whenNotAll(...flags);
export const hook = (...patterns: string[]): HandlerBuilder => new HandlerBuilder().hook(...patterns);
export const whenFileChanged = (...files: FileName[]): HandlerBuilder => new HandlerBuilder().whenFileChanged(...files);
export const onlyOnce = (): HandlerBuilder => new HandlerBuilder().onlyOnce();
