// Figure 5: juju-sim's own figures, from its bench exports.
import { measureLifecycle, measureToolRoundTrip, type RoundTripStats } from '@flume-charms/juju-sim';
import { BenchError, type PairSpec } from './charm-spec';
import { summarize, type Summary } from './stats';

export function measureRoundTrip(calls: number): Promise<RoundTripStats> {
  return measureToolRoundTrip({ calls });
}

export interface SimLifecycleResult {
  readonly units: number;
  readonly reps: number;
  readonly wallMs: Summary;
  readonly hooks: number;
  readonly toolCalls: number;
}

/** 2 apps × `units` units: deploy, relate, config change on the sink, remove one agent unit (juju-sim's script). */
export async function measureSimLifecycle(options: { pair: PairSpec; units: number; reps: number }): Promise<SimLifecycleResult> {
  const walls: number[] = [];
  let hooks = 0;
  let toolCalls = 0;
  for (let i = 0; i < options.reps; i++) {
    const stats = await measureLifecycle({
      provider: { ...options.pair.sink },
      requirer: { ...options.pair.agent },
      configChange: options.pair.sink.configChange,
      units: options.units,
      model: { concurrency: 2 },
    });
    if (stats.errors.length > 0) throw new BenchError(`simulator lifecycle: failed hooks ${JSON.stringify(stats.errors)}`);
    walls.push(stats.wallMs);
    hooks = stats.hooks;
    toolCalls = stats.toolCalls;
  }
  return { units: options.units, reps: options.reps, wallMs: summarize(walls), hooks, toolCalls };
}
