/** A hook tool exited non-zero (or could not be started). */
export class HookToolError extends Error {
  override readonly name = 'HookToolError';
  constructor(
    readonly tool: string,
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    const code = exitCode === undefined ? 'could not be run' : `exited ${exitCode}`;
    const detail = stderr.trim() === '' ? '' : `: ${stderr.trim()}`;
    super(`hook tool \`${[tool, ...args].join(' ')}\` ${code}${detail}`);
  }
}

/** A hook tool printed something that is not the documented format. */
export class HookToolOutputError extends Error {
  override readonly name = 'HookToolOutputError';
  constructor(readonly tool: string, readonly args: readonly string[], readonly output: string, reason: string) {
    super(`hook tool \`${[tool, ...args].join(' ')}\` printed unexpected output (${reason}): ${output.slice(0, 200)}`);
  }
}

/** The Juju environment of the hook is missing or malformed. */
export class HookContextError extends Error {
  override readonly name = 'HookContextError';
}

/** The unit state file exists but cannot be read back. */
export class UnitStateError extends Error {
  override readonly name = 'UnitStateError';
}

/** The dispatch loop did not settle: handlers keep re-matching each other. */
export class DispatchCycleError extends Error {
  override readonly name = 'DispatchCycleError';
  constructor(readonly iterations: number, readonly handlerIds: readonly string[]) {
    super(
      `reactive dispatch did not settle after ${iterations} iterations; ` +
        `still matching: ${handlerIds.join(', ')} (a flag cycle between handlers?)`,
    );
  }
}

/** A handler or endpoint was registered in a way charms.reactive forbids. */
export class RegistrationError extends Error {
  override readonly name = 'RegistrationError';
}

/** Something was used outside a running hook (before main() loaded the state). */
export class NoHookRunningError extends Error {
  override readonly name = 'NoHookRunningError';
  constructor(what: string) {
    super(`${what} is only available while a hook runs (inside main() or runHook())`);
  }
}

/** An endpoint was used against Juju's rules (e.g. application data from a non-leader). */
export class EndpointError extends Error {
  override readonly name = 'EndpointError';
}
