// charms.reactive bus.dispatch: the hooks phase, then the 'other' phase repeated until nothing matches.
import { DispatchCycleError } from './errors';
import type { Handler, HandlerPhase } from './handler';
import type { Runtime } from './runtime';

export const DEFAULT_MAX_ITERATIONS = 100;

function matching(handlers: readonly Handler[], phase: HandlerPhase, runtime: Runtime): Handler[] {
  return handlers.filter((handler) => handler.test(phase, runtime.watch));
}

// Every matching handler is queued before any runs; a cleared flag makes the rest of the queue be tested again.
async function invokeQueue(queue: Handler[], phase: HandlerPhase, runtime: Runtime): Promise<void> {
  let pending = queue;
  while (pending.length > 0) {
    runtime.watch.flagCleared = false;
    const [handler, ...rest] = pending as [Handler, ...Handler[]];
    pending = rest;
    runtime.trace(`Invoking reactive handler: ${handler.id}`);
    await handler.invoke();
    if (runtime.watch.flagCleared) pending = matching(pending, phase, runtime);
  }
  runtime.watch.commit();
}

export async function dispatch(handlers: readonly Handler[], runtime: Runtime, maxIterations = DEFAULT_MAX_ITERATIONS): Promise<void> {
  runtime.watch.reset();
  runtime.phase = 'hooks';
  await invokeQueue(matching(handlers, 'hooks', runtime), 'hooks', runtime);

  runtime.phase = 'other';
  for (let iteration = 0; ; iteration++) {
    runtime.watch.iteration = iteration;
    const queue = matching(handlers, 'other', runtime);
    if (queue.length === 0) break;
    // charms.reactive gives up silently after 100 rounds; a loop that does not settle is a bug worth failing the hook for.
    if (iteration >= maxIterations) throw new DispatchCycleError(iteration, queue.map((h) => h.id));
    await invokeQueue(queue, 'other', runtime);
  }
  runtime.watch.reset();
}
