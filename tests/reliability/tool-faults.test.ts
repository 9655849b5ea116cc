// Issue 9, a hook tool that fails once: relation-get, relation-set, config-get, status-set and the machine
// command systemctl. The hook must fail (so Juju retries it), commit nothing (stored flags, relation data,
// ports), and the retry must converge to the state a clean run of the same change reaches (same databags,
// files, stored state, status), with Flume restarted at least as often as the clean run restarts it.
import type { Model } from '@flume-charms/juju-sim';
import { modelSnapshot, runOneHook, snapshotDiff } from './support/model-snapshot';
import { startPair, type Pair } from './support/pair';
import { HDFS, HDFS_UNIT, serviceView, settleClean, SYSLOG, SYSLOG_UNIT, unitPorts } from './support/scenarios';
import { SEED } from './support/seed';

const APPS = [HDFS, SYSLOG] as const;

interface Case {
  readonly tool: string;
  /** The unit whose call fails. */
  readonly unit: string;
  /** The change that makes that unit call the tool, and its opposite. */
  readonly app: string;
  readonly option: string;
  readonly value: string | number;
}

// Each change is distinct, so every case really reconfigures the pair.
const CASES: readonly Case[] = [
  { tool: 'config-get', unit: SYSLOG_UNIT, app: SYSLOG, option: 'event_dir', value: 'faults/config-get' },
  { tool: 'status-set', unit: SYSLOG_UNIT, app: SYSLOG, option: 'event_dir', value: 'faults/status-set' },
  { tool: 'systemctl', unit: SYSLOG_UNIT, app: SYSLOG, option: 'event_dir', value: 'faults/systemctl' },
  { tool: 'relation-set', unit: HDFS_UNIT, app: HDFS, option: 'source_port', value: 4300 },
  { tool: 'relation-get', unit: SYSLOG_UNIT, app: HDFS, option: 'source_port', value: 4301 },
];

/** What a failed hook must not have changed: the unit's stored state (bytes), every databag, its ports. */
function committed(model: Model, unit: string): string {
  const units = APPS.flatMap((app) => model.units(app));
  const bags = model.relationIds().map((id) => units.map((u) => model.relationData(id, u)));
  return JSON.stringify({ state: model.unitFile(unit, '.unit-state.json'), bags, ports: unitPorts(model, unit) });
}

const starts = (model: Model, unit: string): number => serviceView(model, unit)?.starts ?? 0;

/** Runs every queued hook one at a time; each failed hook is checked for commits, then retried. */
async function stepThrough(model: Model, problems: string[], label: string): Promise<number> {
  let failures = 0;
  for (;;) {
    const before = new Map(APPS.flatMap((app) => model.units(app)).map((u) => [u, committed(model, u)]));
    if (!(await runOneHook(model))) return failures;
    const run = model.hookRuns.at(-1);
    if (!run || run.ok) continue;
    failures += 1;
    if (failures > 3) throw new Error(`${label}: ${run.unit} ${run.hook} keeps failing: ${run.stderr.slice(-500)}`);
    if (committed(model, run.unit) !== before.get(run.unit)) problems.push(`${label}: the failed ${run.unit} ${run.hook} committed something`);
    model.resolve(run.unit, { retry: true });
  }
}

describe(`a hook tool failing once (seed ${SEED})`, () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair({ model: { concurrency: 1 } });
  });
  afterAll(async () => {
    await pair?.model.destroy();
  });

  test.each(CASES.map((c) => [c.tool, c] as [string, Case]))('%s: the hook fails, commits nothing, and the retry converges', async (_tool, c) => {
    const { model } = pair;
    const problems: string[] = [];

    // Faulted: the first call of the tool by the unit fails; Juju retries the hook.
    const startsBefore = starts(model, c.unit);
    model.faults.failTool(c.tool, { times: 1, unit: c.unit });
    model.config(c.app, { [c.option]: c.value });
    const failures = await stepThrough(model, problems, `${c.tool} fault`);
    expect(model.faults.pending().tools).toBe(0); // the fault was reached
    const faulted = modelSnapshot(model, APPS);
    const faultedStarts = starts(model, c.unit) - startsBefore;

    // Clean: undo the change, then make it again without a fault.
    model.config(c.app, { [c.option]: null });
    await settleClean(model);
    const cleanBefore = starts(model, c.unit);
    model.config(c.app, { [c.option]: c.value });
    await settleClean(model);
    const clean = modelSnapshot(model, APPS);
    const cleanStarts = starts(model, c.unit) - cleanBefore;

    // Leave the pair at its defaults for the next case.
    model.config(c.app, { [c.option]: null });
    await settleClean(model);

    const failedCall = model.toolCalls.find((call) => call.fault === 'fail' && call.tool === c.tool);
    expect({
      failedCall: failedCall && `${failedCall.unit} ${failedCall.hook}: ${failedCall.tool} ${failedCall.args.join(' ')}`,
      failedHooks: failures,
      problems,
      differencesFromCleanRun: snapshotDiff(clean, faulted),
      // Flume must run the new configuration: (re)started at least as often as in the clean run.
      restartedAtLeastAsOften: faultedStarts >= cleanStarts || `${faultedStarts} start(s), clean run ${cleanStarts}`,
    }).toEqual({ failedCall: expect.any(String), failedHooks: 1, problems: [], differencesFromCleanRun: [], restartedAtLeastAsOften: true });
  });
});
