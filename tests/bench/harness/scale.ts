// Figure 3: lifecycle wall time with few and with many agent units related to one sink.
import { performance } from 'node:perf_hooks';
import { Model } from '@flume-charms/juju-sim';
import { deployApp, relatePair, settleOrThrow, type PairSpec } from './charm-spec';
import { interleave } from './process-time';
import { median, pairedRatios, summarize, type Summary } from './stats';

export interface ScaleRun {
  readonly agentUnits: number;
  readonly wallMs: number;
  readonly hooks: number;
}

/** Deploy 1 sink + N agents, relate, change the sink's config, remove one agent unit; settle after each. */
export async function runScaleLifecycle(pair: PairSpec, agentUnits: number): Promise<ScaleRun> {
  const model = await Model.create({ concurrency: 2 });
  try {
    const started = performance.now();
    await deployApp(model, pair.sink, 1);
    await deployApp(model, pair.agent, agentUnits);
    await settleOrThrow(model, `scale ${agentUnits}: deploy`);
    relatePair(model, pair);
    await settleOrThrow(model, `scale ${agentUnits}: relate`);
    model.config(pair.sink.app, pair.sink.configChange);
    await settleOrThrow(model, `scale ${agentUnits}: config change`);
    model.removeUnit(`${pair.agent.app}/${agentUnits - 1}`);
    await settleOrThrow(model, `scale ${agentUnits}: remove unit`);
    return { agentUnits, wallMs: performance.now() - started, hooks: model.hookRuns.length };
  } finally {
    await model.destroy();
  }
}

export interface ScaleResult {
  readonly small: number;
  readonly large: number;
  readonly reps: number;
  readonly smallWallMs: Summary;
  readonly largeWallMs: Summary;
  readonly smallHooks: number;
  readonly largeHooks: number;
  /** Median of the paired ratios large / small. */
  readonly ratio: number;
}

export async function measureScale(options: { pair: PairSpec; small: number; large: number; reps: number }): Promise<ScaleResult> {
  const { a: smalls, b: larges } = await interleave(
    options.reps,
    () => runScaleLifecycle(options.pair, options.small),
    () => runScaleLifecycle(options.pair, options.large),
  );
  return {
    small: options.small,
    large: options.large,
    reps: options.reps,
    smallWallMs: summarize(smalls.map((r) => r.wallMs)),
    largeWallMs: summarize(larges.map((r) => r.wallMs)),
    smallHooks: median(smalls.map((r) => r.hooks)),
    largeHooks: median(larges.map((r) => r.hooks)),
    ratio: median(pairedRatios(larges.map((r) => r.wallMs), smalls.map((r) => r.wallMs))),
  };
}
