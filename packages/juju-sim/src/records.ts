// What the simulator records for tests: every hook run and every tool call.

export interface HookRun {
  /** Order in which runs finished. */
  readonly seq: number;
  readonly unit: string;
  /** Hook name, or action name when kind is 'action'. */
  readonly hook: string;
  readonly kind: 'hook' | 'action';
  readonly relationId?: number;
  readonly remoteUnit?: string;
  readonly remoteApp?: string;
  readonly departingUnit?: string;
  /** Storage hooks: JUJU_STORAGE_ID. */
  readonly storageId?: string;
  readonly contextId: string;
  /** Exit code; null when a signal (e.g. an injected kill) ended the process. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** False when the charm has no code for this hook and Juju skips it. */
  readonly ran: boolean;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly toolCalls: number;
  /** The charm's own output, which Juju sends to the unit log. */
  readonly stdout: string;
  readonly stderr: string;
}

export interface ToolCall {
  readonly unit: string;
  readonly hook: string;
  readonly contextId: string;
  readonly tool: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly durationMs: number;
  /** 'fail' when an injected fault answered, 'kill' when the hook was killed at this call. */
  readonly fault?: 'fail' | 'kill';
}

export interface ActionResult {
  readonly id: string;
  readonly unit: string;
  readonly name: string;
  readonly status: 'completed' | 'failed';
  readonly results: Record<string, unknown>;
  readonly message?: string;
  readonly log: readonly string[];
}

export interface SettleResult {
  readonly hooksRun: number;
  /** Units left stopped on a failed hook, waiting for resolve(). */
  readonly errors: ReadonlyArray<{ readonly unit: string; readonly hook: string }>;
}
