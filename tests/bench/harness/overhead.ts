// Figure 1: the framework's own cost in a no-op update-status hook, as a multiple of `node -e 0`.
//
// How tool time is subtracted: juju-sim records each tool call's duration on the server side only (the time
// to answer, ~0.1 ms), not what the hook waits for. So the bench subtracts, for every client process the hook
// started (hook tools and machine commands alike), the median client round trip measured in the same run by
// juju-sim's measureToolRoundTrip(): a bash loop inside a real hook timing fork + exec of the client + the
// socket round trip. What node itself spends on spawn() beyond that is left in: it is the framework's cost.
import { Model } from '@flume-charms/juju-sim';
import { callsOfRun, deployApp, relatePair, settleOrThrow, BenchError, type AppSpec, type PairSpec } from './charm-spec';
import { interleave, timeNodeBaseline } from './process-time';
import { median, pairedRatios, summarize, type Summary } from './stats';

export interface OverheadResult {
  readonly app: string;
  readonly reps: number;
  /** Hook wall time as juju-sim measures it (spawn of dispatch to exit). */
  readonly hookWallMs: Summary;
  readonly nodeBaselineMs: Summary;
  /** Hook wall time minus client processes × round trip. */
  readonly netMs: Summary;
  /** Median of the paired ratios net / node -e 0. */
  readonly ratio: number;
  readonly hookToolCalls: number;
  readonly machineCommands: number;
  /** e.g. ['config-get --format=json --all', 'systemctl is-active …'] of the last run. */
  readonly calls: readonly string[];
  readonly roundTripMs: number;
}

/**
 * Deploys the pair (one unit each), relates it and settles, runs one update-status per app to reach steady
 * state, then alternates `reps` no-op update-status hooks with `reps` runs of `node -e 0`.
 */
export async function measureOverhead(options: { pair: PairSpec; reps: number; roundTripMs: number }): Promise<OverheadResult[]> {
  const model = await Model.create({ concurrency: 1 });
  try {
    await deployApp(model, options.pair.sink, 1);
    await deployApp(model, options.pair.agent, 1);
    await settleOrThrow(model, 'overhead: deploy');
    relatePair(model, options.pair);
    await settleOrThrow(model, 'overhead: relate');
    const results: OverheadResult[] = [];
    for (const spec of [options.pair.sink, options.pair.agent]) {
      await runUpdateStatus(model, spec); // steady state: the first update-status may still report something new
      const { a: hooks, b: nodes } = await interleave(options.reps, () => runUpdateStatus(model, spec), timeNodeBaseline);
      const nets = hooks.map((h) => h.wallMs - (h.hookToolCalls + h.machineCommands) * options.roundTripMs);
      const last = hooks.at(-1);
      results.push({
        app: spec.app,
        reps: options.reps,
        hookWallMs: summarize(hooks.map((h) => h.wallMs)),
        nodeBaselineMs: summarize(nodes.map((n) => n.ms)),
        netMs: summarize(nets),
        ratio: median(pairedRatios(nets, nodes.map((n) => n.ms))),
        hookToolCalls: median(hooks.map((h) => h.hookToolCalls)),
        machineCommands: median(hooks.map((h) => h.machineCommands)),
        calls: last?.calls ?? [],
        roundTripMs: options.roundTripMs,
      });
    }
    return results;
  } finally {
    await model.destroy();
  }
}

interface UpdateStatusRun {
  readonly wallMs: number;
  readonly hookToolCalls: number;
  readonly machineCommands: number;
  readonly calls: readonly string[];
}

async function runUpdateStatus(model: Model, spec: AppSpec): Promise<UpdateStatusRun> {
  const before = model.hookRuns.length;
  model.updateStatus(spec.app);
  await settleOrThrow(model, `overhead: update-status of ${spec.app}`);
  const run = model.hookRuns.slice(before).find((r) => r.hook === 'update-status');
  if (!run) throw new BenchError(`overhead: no update-status ran on ${spec.app}`);
  if (!run.ran) throw new BenchError(`overhead: ${spec.app} has no dispatch for update-status`);
  const { all, hookTools, machine } = callsOfRun(model, run.contextId);
  return {
    wallMs: run.durationMs,
    hookToolCalls: hookTools.length,
    machineCommands: machine.length,
    calls: all.map((c) => [c.tool, ...c.args].join(' ')),
  };
}
