// Where a hook-tool request goes: an injected fault, a hook tool, or a machine-command fake. Every call is recorded.
import { performance } from 'node:perf_hooks';
import type { Faults } from './faults';
import type { HookContext } from './hook-context';
import { killGroup } from './hook-runner';
import { HOOK_TOOLS } from './hook-tools/registry';
import { CommandError, errorResult, type ToolResult } from './hook-tools/tool-result';
import { MACHINE_COMMANDS } from './machine/registry';
import type { ToolCall } from './records';
import type { ToolRequest } from './wire';

/** `ctx`: the running hook the request names; undefined answers an error. No answer (undefined): the hook was killed. */
export function routeToolRequest(request: ToolRequest, ctx: HookContext | undefined, faults: Faults, toolCalls: ToolCall[]): ToolResult | undefined | Promise<ToolResult> {
  if (!ctx) return { code: 1, stdout: '', stderr: `ERROR juju-sim: no running hook has context "${request.contextId}"\n` };
  ctx.toolCalls++;
  const started = performance.now();
  const record = (result: ToolResult | undefined, fault?: 'fail' | 'kill'): void => {
    toolCalls.push({
      unit: ctx.unit.name,
      hook: ctx.hookName,
      contextId: ctx.id,
      tool: request.tool,
      args: request.args,
      exitCode: result ? result.code : null,
      durationMs: performance.now() - started,
      ...(fault ? { fault } : {}),
    });
  };
  if (faults.takeKill(ctx)) {
    ctx.killed = true;
    killGroup(ctx.pid);
    record(undefined, 'kill');
    return undefined;
  }
  const hookTool = HOOK_TOOLS.get(request.tool);
  const machineCommand = MACHINE_COMMANDS.get(request.tool);
  const injected = faults.takeToolFault(ctx.unit.name, request.tool, hookTool !== undefined);
  if (injected) {
    record(injected, 'fail');
    return injected;
  }
  let result: ToolResult;
  if (hookTool) {
    try {
      result = hookTool({ ctx, args: request.args, stdin: request.stdin, cwd: request.cwd });
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      result = errorResult(error);
    }
  } else if (machineCommand) {
    const answer = machineCommand({ args: request.args, cwd: request.cwd, machine: ctx.unit.machineState, unit: ctx.unit.name });
    if (answer instanceof Promise) {
      return answer.then((r) => {
        record(r);
        return r;
      });
    }
    result = answer;
  } else {
    result = { code: 127, stdout: '', stderr: `juju-sim: ${request.tool}: command not served\n` };
  }
  record(result);
  return result;
}
