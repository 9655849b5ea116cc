// Best-effort teardown when the process exits without Model.destroy() (a test that threw, process.exit):
// synchronous, since nothing asynchronous runs in an 'exit' handler. A SIGKILLed simulator leaves its
// resources to the stale-lock sweep of the next Model.create.
const cleanups = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // best effort: the next one still runs
    }
  }
  cleanups.clear();
}

/** Registers a synchronous cleanup; returns the function that unregisters it (after a normal destroy). */
export function onProcessExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
