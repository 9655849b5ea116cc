// Juju actions: a handler's results go to action-set, a thrown error to action-fail.
import { RegistrationError } from './errors';
import { actionFail, actionGet, actionSet, type ActionParams } from './hookcmds/action';
import type { Json } from './json';

export type ActionResults = { [key: string]: Json };
export type ActionHandler = (params: ActionParams) => ActionResults | void | Promise<ActionResults | void>;

const actions = new Map<string, ActionHandler>();

export function action(name: string, handler: ActionHandler): void {
  if (actions.has(name)) throw new RegistrationError(`a handler is already registered for action '${name}'`);
  actions.set(name, handler);
}

export function clearActions(): void {
  actions.clear();
}

/** Run the action's handler. A failed action is reported with action-fail and does not fail the unit. */
export async function runAction(name: string): Promise<'completed' | 'failed'> {
  const handler = actions.get(name);
  if (!handler) {
    await actionFail(`this charm has no handler for action '${name}'`);
    return 'failed';
  }
  try {
    const results = await handler(await actionGet());
    if (results) await actionSet(results);
    return 'completed';
  } catch (error) {
    await actionFail(error instanceof Error ? error.message : String(error));
    return 'failed';
  }
}
