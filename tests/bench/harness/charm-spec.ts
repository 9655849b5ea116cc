// What the bench deploys: a pair of applications (a sink and an agent) related on one endpoint each.
import { Model, type SettleResult, type ToolCall } from '@flume-charms/juju-sim';

export type ConfigValues = Readonly<Record<string, string | number | boolean>>;

export interface AppSpec {
  /** An unpacked charm directory (charms/NAME/build/charm). */
  readonly charm: string;
  readonly app: string;
  /** The endpoint of the sink/agent relation. */
  readonly endpoint: string;
  readonly config?: ConfigValues;
  readonly resources?: Readonly<Record<string, string>>;
  /** A config change that makes the charm re-render or re-publish (the lifecycle's "config change"). */
  readonly configChange: ConfigValues;
}

export interface PairSpec {
  readonly sink: AppSpec;
  readonly agent: AppSpec;
}

/** A hook failed or a settle did not finish: the figure cannot be measured. */
export class BenchError extends Error {
  override readonly name = 'BenchError';
}

// juju-sim serves these fakes through the same client as the hook tools (its README, "Machine commands").
// They are machine commands, not Juju hook tools: counted apart, but their time is tool time all the same.
export const MACHINE_COMMANDS: ReadonlySet<string> = new Set([
  'apt-get', 'dpkg-query', 'getent', 'useradd', 'groupadd', 'chown', 'systemctl', 'journalctl',
]);

export const isHookTool = (call: ToolCall): boolean => !MACHINE_COMMANDS.has(call.tool);

export async function deployApp(model: Model, spec: AppSpec, units: number): Promise<void> {
  await model.deploy(spec.charm, {
    name: spec.app,
    units,
    ...(spec.config ? { config: spec.config } : {}),
    ...(spec.resources ? { resources: spec.resources } : {}),
  });
}

export function relatePair(model: Model, pair: PairSpec): number {
  return model.relate(`${pair.agent.app}:${pair.agent.endpoint}`, `${pair.sink.app}:${pair.sink.endpoint}`);
}

/** settle(), failing with the failed hook's own stderr. */
export async function settleOrThrow(model: Model, step: string): Promise<SettleResult> {
  const result = await model.settle();
  if (result.errors.length > 0) {
    const failed = result.errors
      .map(({ unit, hook }) => {
        const run = [...model.hookRuns].reverse().find((r) => r.unit === unit && r.hook === hook);
        return `${unit} ${hook}: ${(run?.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`;
      })
      .join('\n  ');
    throw new BenchError(`${step}: hook failed\n  ${failed}`);
  }
  return result;
}

/** Tool calls of one hook run, split into Juju hook tools and machine commands. */
export function callsOfRun(model: Model, contextId: string): { all: ToolCall[]; hookTools: ToolCall[]; machine: ToolCall[] } {
  const all = model.toolCalls.filter((c) => c.contextId === contextId);
  return { all, hookTools: all.filter(isHookTool), machine: all.filter((c) => !isHookTool(c)) };
}
