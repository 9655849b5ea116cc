// Figure 4: bundle size and cold require time.
//
// The charm entries call main() at load, and they have no guard. So the bundle is loaded as
// `node dist/charm.js` with no Juju environment: main() stops at reading the hook context (HookContextError,
// before any tool call or file access), which adds well under a millisecond to module evaluation. The figure
// is that process's wall time minus `node -e 0`, the two run alternately.
import { statSync } from 'node:fs';
import { hookLikeEnv, interleave, timeNodeBaseline, timeProcess } from './process-time';
import { median, summarize, type Summary } from './stats';

export interface BundleResult {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly reps: number;
  /** Median of the paired differences (bundle load − node -e 0). */
  readonly requireMs: number;
  readonly loadMs: Summary;
  readonly nodeBaselineMs: Summary;
  /** require() timed inside the process with performance.now(), as a cross-check. */
  readonly inProcessRequireMs: number;
}

export async function measureBundle(options: { name: string; path: string; reps: number }): Promise<BundleResult> {
  const bytes = statSync(options.path).size;
  const env = hookLikeEnv();
  const { a: loads, b: nodes } = await interleave(options.reps, () => timeProcess(process.execPath, [options.path], { env }), timeNodeBaseline);
  const inProcess: number[] = [];
  const probe = `const t=performance.now();require(${JSON.stringify(options.path)});process.stdout.write(String(performance.now()-t))`;
  for (let i = 0; i < options.reps; i++) {
    const run = await timeProcess(process.execPath, ['-e', probe], { env });
    inProcess.push(Number(run.stdout));
  }
  return {
    name: options.name,
    path: options.path,
    bytes,
    reps: options.reps,
    requireMs: median(loads.map((l, i) => l.ms - (nodes[i]?.ms ?? Number.NaN))),
    loadMs: summarize(loads.map((l) => l.ms)),
    nodeBaselineMs: summarize(nodes.map((n) => n.ms)),
    inProcessRequireMs: median(inProcess),
  };
}
