// The signature shared by the fake machine commands.
import type { ToolResult } from '../hook-tools/tool-result';
import type { MachineState } from './machine-state';

export interface MachineInvocation {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly machine: MachineState;
  /** Unit name, for journal prefixes. */
  readonly unit: string;
}

/** Synchronous, except where real-machine mode must wait for processes (systemctl stop). */
export type MachineCommand = (call: MachineInvocation) => ToolResult | Promise<ToolResult>;

export function fail(code: number, stderr: string, stdout = ''): ToolResult {
  return { code, stdout, stderr: stderr.endsWith('\n') || stderr === '' ? stderr : `${stderr}\n` };
}
