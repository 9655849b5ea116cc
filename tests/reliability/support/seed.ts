// The suite's seed and trial counts, from the environment, with fixed defaults that meet issue 9's minimums.
// Every test name prints the seed, so a failing run is replayed with RELIABILITY_SEED=<seed>.
import { createPrng, intFromEnv, type Prng } from '../../support';

export const SEED = intFromEnv('RELIABILITY_SEED', 20240917);

export const COUNTS = {
  /** Hostile flume-agent databags validated and rendered in-process (issue: at least 1000). */
  sinkPayloads: intFromEnv('RELIABILITY_SINK_PAYLOADS', 1000),
  /** Of those, how many go end-to-end through the simulator. */
  sinkPayloadsE2e: intFromEnv('RELIABILITY_SINK_PAYLOADS_E2E', 30),
  /** Generated values per config option, in-process (issue: at least 500). */
  configValues: intFromEnv('RELIABILITY_CONFIG_VALUES', 500),
  /** Config values per charm that go end-to-end. */
  configValuesE2e: intFromEnv('RELIABILITY_CONFIG_VALUES_E2E', 12),
  /** hadoop-plugin databags in-process, and end-to-end. */
  hadoopPayloads: intFromEnv('RELIABILITY_HADOOP_PAYLOADS', 300),
  hadoopPayloadsE2e: intFromEnv('RELIABILITY_HADOOP_PAYLOADS_E2E', 8),
  /** kill -9 trials at a random tool call (issue: at least 100). */
  killTrials: intFromEnv('RELIABILITY_KILL_TRIALS', 100),
} as const;

/** A generator for one test, independent of the others (adding a test does not shift another's cases). */
export function prngFor(label: string): Prng {
  return createPrng(SEED).fork(label);
}
