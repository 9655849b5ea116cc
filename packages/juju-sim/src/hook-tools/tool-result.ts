// What a hook tool or machine command answers: the exit code and the two output streams.

export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function ok(stdout = ''): ToolResult {
  return { code: 0, stdout, stderr: '' };
}

/** A jujuc command error: Juju's cmd.Main writes "ERROR <msg>" and exits 1 from Run, 2 from flag parsing or Init. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** Init-phase error (bad flags, bad arguments): exit code 2, as cmd.Main's handleCommandError. */
export function usageError(message: string): CommandError {
  return new CommandError(message, 2);
}

export function errorResult(error: CommandError): ToolResult {
  return { code: error.code, stdout: '', stderr: `ERROR ${error.message}\n` };
}
