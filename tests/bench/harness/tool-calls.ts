// Figure 2: hook-tool calls of every hook in a standard lifecycle, and the agent's relation-changed calls
// with many sink units against one.
import { Model } from '@flume-charms/juju-sim';
import { callsOfRun, deployApp, relatePair, settleOrThrow, type PairSpec } from './charm-spec';
import { mean } from './stats';

export type LifecyclePhase = 'deploy' | 'relate' | 'scale' | 'config change' | 'remove unit';

export interface HookCallCount {
  readonly phase: LifecyclePhase;
  readonly app: string;
  readonly hook: string;
  /** Hook runs of this app and hook in this phase. */
  readonly runs: number;
  readonly hookToolCalls: { readonly min: number; readonly max: number };
  readonly machineCommands: { readonly min: number; readonly max: number };
}

export interface LifecycleCalls {
  readonly hooks: readonly HookCallCount[];
  /** Rendered files of each app's unit 0 after relating, with default config (figure 6's cross-check), by path. */
  readonly rendered: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Deploy both (1 unit each), relate, add an agent unit, change config on both, remove the added unit;
 * one run, because the counts do not depend on timing (juju-sim runs each unit's hooks in a fixed order).
 */
export async function countLifecycleCalls(options: { pair: PairSpec; renderedFiles?: readonly string[] }): Promise<LifecycleCalls> {
  const { pair } = options;
  const model = await Model.create({ concurrency: 2 });
  try {
    const hooks: HookCallCount[] = [];
    const phase = async (name: LifecyclePhase, act: () => Promise<unknown> | unknown): Promise<void> => {
      const before = model.hookRuns.length;
      await act();
      await settleOrThrow(model, `lifecycle: ${name}`);
      hooks.push(...groupRuns(model, name, before));
    };
    await phase('deploy', async () => {
      await deployApp(model, pair.sink, 1);
      await deployApp(model, pair.agent, 1);
    });
    await phase('relate', () => relatePair(model, pair));
    const rendered = renderedFiles(model, pair, options.renderedFiles ?? []); // before any config change
    await phase('scale', () => model.addUnit(pair.agent.app));
    await phase('config change', () => {
      model.config(pair.sink.app, pair.sink.configChange);
      model.config(pair.agent.app, pair.agent.configChange);
    });
    await phase('remove unit', () => model.removeUnit(`${pair.agent.app}/1`));
    return { hooks, rendered };
  } finally {
    await model.destroy();
  }
}

/** Files of each app's unit 0 (APP in a path is the app name); a file the charm does not render is left out. */
function renderedFiles(model: Model, pair: PairSpec, paths: readonly string[]): Record<string, Record<string, string>> {
  const rendered: Record<string, Record<string, string>> = {};
  for (const spec of [pair.sink, pair.agent]) {
    const files: Record<string, string> = {};
    for (const template of paths) {
      const path = template.replace('APP', spec.app);
      try {
        files[path] = model.unitFile(`${spec.app}/0`, path);
      } catch {
        // Not rendered by this charm: figure 6 says so.
      }
    }
    rendered[spec.app] = files;
  }
  return rendered;
}

function groupRuns(model: Model, phase: LifecyclePhase, from: number): HookCallCount[] {
  const groups = new Map<string, { app: string; hook: string; tools: number[]; machine: number[] }>();
  for (const run of model.hookRuns.slice(from)) {
    if (!run.ran || run.kind !== 'hook') continue;
    const app = run.unit.split('/')[0] ?? run.unit;
    const key = `${app} ${run.hook}`;
    const group = groups.get(key) ?? { app, hook: run.hook, tools: [], machine: [] };
    const { hookTools, machine } = callsOfRun(model, run.contextId);
    group.tools.push(hookTools.length);
    group.machine.push(machine.length);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    phase,
    app: g.app,
    hook: g.hook,
    runs: g.tools.length,
    hookToolCalls: { min: Math.min(...g.tools), max: Math.max(...g.tools) },
    machineCommands: { min: Math.min(...g.machine), max: Math.max(...g.machine) },
  }));
}

export interface FanInResult {
  readonly sinkUnits: number;
  /** relation-changed runs on the agent unit while the sinks joined. */
  readonly runs: number;
  readonly meanCalls: number;
  readonly maxCalls: number;
  /** Calls of the agent's last relation-changed, when every sink had joined. */
  readonly lastCalls: number;
}

/** One agent unit related to `sinkUnits` sink units: the hook-tool calls of the agent's relation-changed runs. */
export async function countFanIn(options: { pair: PairSpec; sinkUnits: number }): Promise<FanInResult> {
  const { pair } = options;
  const model = await Model.create({ concurrency: 2 });
  try {
    await deployApp(model, pair.sink, options.sinkUnits);
    await deployApp(model, pair.agent, 1);
    await settleOrThrow(model, `fan-in ${options.sinkUnits}: deploy`);
    const start = model.hookRuns.length;
    relatePair(model, pair);
    await settleOrThrow(model, `fan-in ${options.sinkUnits}: relate`);
    const calls = model.hookRuns
      .slice(start)
      .filter((r) => r.ran && r.unit === `${pair.agent.app}/0` && r.hook === `${pair.agent.endpoint}-relation-changed`)
      .map((r) => callsOfRun(model, r.contextId).hookTools.length);
    return {
      sinkUnits: options.sinkUnits,
      runs: calls.length,
      meanCalls: mean(calls),
      maxCalls: calls.length ? Math.max(...calls) : Number.NaN,
      lastCalls: calls.at(-1) ?? Number.NaN,
    };
  } finally {
    await model.destroy();
  }
}
