// Fault injection for reliability tests: failing tools, killed hooks, failing services.
import type { HookContext } from './hook-context';
import type { ToolResult } from './hook-tools/tool-result';

export interface ToolFaultOptions {
  /** How many calls fail (default 1). */
  readonly times?: number;
  /** Only calls made by this unit (default: any unit). */
  readonly unit?: string;
  readonly exitCode?: number;
  /** What the failing call prints on stderr (default: a Juju-style "ERROR ..." line). */
  readonly stderr?: string;
}

export interface KillFaultOptions {
  /** The hook is killed (SIGKILL to its process group) when it makes tool call number afterToolCalls + 1. */
  readonly afterToolCalls: number;
  /** Only this hook (or action) name; default: the unit's next hook that gets that far. */
  readonly hook?: string;
  /** How many hook runs get killed (default 1). */
  readonly times?: number;
}

interface ToolFault {
  readonly tool: string;
  remaining: number;
  readonly options: ToolFaultOptions;
}

interface KillFault {
  readonly unit: string;
  remaining: number;
  readonly options: KillFaultOptions;
}

export class Faults {
  private readonly toolFaults: ToolFault[] = [];
  private readonly killFaults: KillFault[] = [];

  /** Makes the next `times` calls of `tool` (a hook tool or a machine command) fail. */
  failTool(tool: string, options: ToolFaultOptions = {}): void {
    this.toolFaults.push({ tool, remaining: options.times ?? 1, options });
  }

  /** Kills a hook of `unit` with SIGKILL once it has made `afterToolCalls` tool calls. */
  killHook(unit: string, options: KillFaultOptions): void {
    if (!Number.isInteger(options.afterToolCalls) || options.afterToolCalls < 0) throw new RangeError('afterToolCalls must be an integer >= 0');
    this.killFaults.push({ unit, remaining: options.times ?? 1, options });
  }

  clear(): void {
    this.toolFaults.length = 0;
    this.killFaults.length = 0;
  }

  /** Armed faults that have not fired yet, for assertions that a fault was reached. */
  pending(): { tools: number; kills: number } {
    return {
      tools: this.toolFaults.filter((f) => f.remaining > 0).length,
      kills: this.killFaults.filter((f) => f.remaining > 0).length,
    };
  }

  /** @internal Called for every tool call; returns the injected answer when a fault matches. */
  takeToolFault(unit: string, tool: string, isHookTool: boolean): ToolResult | undefined {
    const fault = this.toolFaults.find((f) => f.remaining > 0 && f.tool === tool && (f.options.unit === undefined || f.options.unit === unit));
    if (!fault) return undefined;
    fault.remaining--;
    const stderr = fault.options.stderr ?? (isHookTool ? `ERROR injected failure of ${tool}\n` : `${tool}: injected failure\n`);
    return { code: fault.options.exitCode ?? 1, stdout: '', stderr };
  }

  /** @internal Whether the context's current call (ctx.toolCalls, 1-based) is the one to kill. */
  takeKill(ctx: HookContext): boolean {
    const fault = this.killFaults.find(
      (f) =>
        f.remaining > 0 &&
        f.unit === ctx.unit.name &&
        (f.options.hook === undefined || f.options.hook === ctx.hookName) &&
        ctx.toolCalls === f.options.afterToolCalls + 1,
    );
    if (!fault) return false;
    fault.remaining--;
    return true;
  }
}
