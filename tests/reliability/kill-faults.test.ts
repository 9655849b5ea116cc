// Issue 9, kill -9 in the middle of a hook: a standard lifecycle of the pair runs once cleanly (the reference)
// and once with SIGKILL injected at a random tool call of its hooks, each killed hook retried as Juju does
// (`juju resolve`), sometimes killed again. A hook that writes files is first killed between writing a temp
// file and renaming it. After every kill the unit's stored state parses and is exactly
// what it was before the hook, and nothing was committed; after every lifecycle step the faulted model has
// converged to the reference: same databags, same files under every unit root, same stored state, ports,
// status and service state.
// Then the inputs change between the kill and the retry (issue 14 item 6): a config-changed killed after it
// applied a new value, the config set back, `juju resolve`: the unit must end exactly as a clean run that never
// saw the new value, not with the killed hook's files or status.
//
// Load: the work is fixed (trial counts); only how long it takes depends on the machine. The time limit is
// derived from the work, so a loaded 2-core CI machine makes the suite slower, never weaker.
import { Model } from '@flume-charms/juju-sim';
import { builtCharm, standinTarball } from './support/charms';
import { modelSnapshot, runOneHook, snapshotDiff, storedState, type ModelSnapshot } from './support/model-snapshot';
import { HDFS, serviceView, SYSLOG, unitPorts } from './support/scenarios';
import { COUNTS, prngFor, SEED } from './support/seed';
import { statSync } from 'node:fs';

/** Per trial, a kill and a retried hook, each a few node processes; generous so that only a hang times out. */
const TRIAL_BUDGET_MS = 5_000;
const timeLimit = (trials: number): number => 120_000 + trials * TRIAL_BUDGET_MS;

const APPS = [HDFS, SYSLOG] as const;

interface Step {
  readonly name: string;
  run(model: Model): Promise<void> | void;
}

function lifecycle(charms: { hdfs: string; syslog: string }, tarball: string): Step[] {
  return [
    {
      name: 'deploy flume-hdfs (sink_type=file) and flume-syslog, integrate them',
      run: async (model) => {
        await model.deploy(charms.hdfs, { name: HDFS, config: { sink_type: 'file' }, resources: { flume: tarball } });
        await model.deploy(charms.syslog, { name: SYSLOG, resources: { flume: tarball } });
        model.relate(`${SYSLOG}:flume-agent`, `${HDFS}:flume-agent`);
      },
    },
    { name: 'config flume-syslog event_dir, sink_processor', run: (model) => model.config(SYSLOG, { event_dir: 'logs/reliability', sink_processor: 'failover' }) },
    { name: 'config flume-hdfs source_port (republished to the agent)', run: (model) => model.config(HDFS, { source_port: 4242 }) },
    { name: 'add-unit flume-hdfs', run: async (model) => void (await model.addUnit(HDFS)) },
    { name: 'update-status', run: (model) => model.updateStatus() },
    { name: 'remove-unit flume-hdfs/0', run: (model) => model.removeUnit(`${HDFS}/0`) },
  ];
}

interface RefHook {
  readonly unit: string;
  readonly hook: string;
  readonly toolCalls: number;
  /**
   * afterToolCalls values that kill the hook in the riskiest window: at the `chown` of a temp file, after it
   * was written and before it is renamed over the real file. The first attempt on such a hook aims there.
   */
  readonly tempFileWindows: readonly number[];
}

/** What a killed hook must leave exactly as it was: stored state (bytes), committed databags, opened ports. */
function committed(model: Model, unit: string): string {
  if (!APPS.some((app) => model.units(app).includes(unit))) return `<no unit ${unit}>`;
  const bags = model.relationIds().map((id) => [id, ...APPS.flatMap((app) => model.units(app)).map((u) => model.relationData(id, u))]);
  let state: string;
  try {
    state = model.unitFile(unit, '.unit-state.json');
  } catch {
    state = '<none>';
  }
  return JSON.stringify({ state, bags, ports: unitPorts(model, unit), leader: APPS.map((a) => model.leaderData(a)) });
}

describe(`kill -9 at a random tool call (seed ${SEED}, ${COUNTS.killTrials} trials)`, () => {
  const models: Model[] = [];
  afterAll(async () => {
    for (const m of models) await m.destroy();
  });

  test('stored state never corrupt, nothing committed by a killed hook, retries converge to the clean run', async () => {
    const charms = { hdfs: await builtCharm('flume-hdfs'), syslog: await builtCharm('flume-syslog') };
    const tarball = await standinTarball();

    // 1. The clean reference run, one hook at a time.
    const reference = await Model.create({ concurrency: 1 });
    models.push(reference);
    const refHooks: RefHook[] = [];
    const refSnapshots: ModelSnapshot[] = [];
    for (const step of lifecycle(charms, tarball)) {
      await step.run(reference);
      while (await runOneHook(reference)) {
        const run = reference.hookRuns.at(-1);
        if (!run?.ok) throw new Error(`reference run: ${run?.unit} ${run?.hook} failed: ${run?.stderr.slice(-800)}`);
        const calls = reference.toolCalls.filter((call) => call.contextId === run.contextId);
        const tempFileWindows = calls.flatMap((call, i) => (call.tool === 'chown' && call.args.some((a) => a.includes('.tmp-')) ? [i] : []));
        refHooks.push({ unit: run.unit, hook: run.hook, toolCalls: run.toolCalls, tempFileWindows });
      }
      refSnapshots.push(modelSnapshot(reference, APPS));
    }

    // 2. Spread the trials over the hooks that make tool calls (a hook with none cannot be killed at one).
    const prng = prngFor('kill-trials');
    const killable = refHooks.map((h, i) => (h.toolCalls > 0 ? i : -1)).filter((i) => i >= 0);
    const plan = new Array<number>(refHooks.length).fill(0);
    for (let t = 0; t < COUNTS.killTrials; t += 1) {
      const index = killable[t % killable.length] as number;
      plan[index] = (plan[index] as number) + 1;
    }
    // A retry may make fewer calls than the first run (work already done); plan one spare attempt per hook.
    const spare = prng.sample(killable, Math.ceil(killable.length / 2));
    for (const index of spare) plan[index] = (plan[index] as number) + 1;

    // 3. The faulted run.
    const model = await Model.create({ concurrency: 1 });
    models.push(model);
    const problems: string[] = [];
    const reported = new Set<string>();
    let trials = 0;
    let logical = 0;
    const steps = lifecycle(charms, tarball);
    for (const [stepIndex, step] of steps.entries()) {
      await step.run(model);
      for (;;) {
        const expected = refHooks[logical];
        let attempts = plan[logical] ?? 0;
        let ran = false;
        let targeted = false;
        for (;;) {
          const armed = attempts > 0 && expected !== undefined && trials < COUNTS.killTrials;
          const before = armed ? committed(model, expected.unit) : '';
          if (armed) {
            const window = targeted ? undefined : expected.tempFileWindows[0];
            targeted = true;
            model.faults.killHook(expected.unit, { afterToolCalls: window ?? prng.int(0, expected.toolCalls - 1), hook: expected.hook });
          }
          ran = await runOneHook(model);
          model.faults.clear();
          if (!ran) break;
          const run = model.hookRuns.at(-1);
          if (!run) break;
          if (!expected || run.unit !== expected.unit || run.hook !== expected.hook) {
            problems.push(`hook ${logical}: ran ${run.unit} ${run.hook}, the clean run had ${expected?.unit} ${expected?.hook}`);
          }
          if (run.ok) break;
          if (run.signal === 'SIGKILL') {
            trials += 1;
            attempts -= 1;
            const where = `kill ${trials}: ${run.unit} ${run.hook} at call ${run.toolCalls}`;
            const state = storedState(model, run.unit);
            if (state === 'unparsable') problems.push(`${where}: .unit-state.json does not parse`);
            const after = committed(model, run.unit);
            if (after !== before) problems.push(`${where}: something was committed: ${before.slice(0, 200)} -> ${after.slice(0, 200)}`);
          } else {
            problems.push(`hook ${logical}: ${run.unit} ${run.hook} failed without a fault: ${run.stderr.slice(-500)}`);
            attempts = 0;
          }
          model.resolve(run.unit, { retry: true });
        }
        if (!ran) break;
        logical += 1;
      }
      for (const diff of snapshotDiff(refSnapshots[stepIndex] as ModelSnapshot, modelSnapshot(model, APPS))) {
        // A difference that persists is reported once, at the step where it first appeared.
        if (!reported.has(diff)) problems.push(`after "${step.name}": ${diff}`);
        reported.add(diff);
      }
    }

    expect(problems).toEqual([]);
    expect(logical).toBe(refHooks.length);
    expect(trials).toBeGreaterThanOrEqual(COUNTS.killTrials);
    // Stored state keeps its strict mode through every rewrite.
    for (const unit of APPS.flatMap((app) => model.units(app))) {
      expect((statSync(model.unitPath(unit, '.unit-state.json')).mode & 0o777).toString(8)).toBe('600');
      expect(serviceView(model, unit)?.activeState).toBe('active');
    }
  }, timeLimit(COUNTS.killTrials));
});

interface InputChange {
  readonly app: string;
  /** The value the killed hook applies... */
  readonly to: Record<string, string | number>;
  /** ...and the one set again before the retry (the value before the change). */
  readonly back: Record<string, string | number>;
}

const INPUT_CHANGES: readonly InputChange[] = [
  { app: HDFS, to: { batch_size: 500 }, back: { batch_size: 1000 } }, // issue 14 item 6, as reported
  { app: SYSLOG, to: { batch_size: 500 }, back: { batch_size: 1000 } },
  { app: SYSLOG, to: { event_dir: 'logs/changed' }, back: { event_dir: 'flume-syslog' } },
];
/** Kill points per change: right after the restart (the reported case), the temp-file windows, and seeded ones. */
const KILLS_PER_CHANGE = 8;

describe(`kill -9, then the inputs change before the retry (seed ${SEED}, ${INPUT_CHANGES.length * KILLS_PER_CHANGE} trials)`, () => {
  const models: Model[] = [];
  afterAll(async () => {
    for (const m of models) await m.destroy();
  });

  async function deployPair(charms: { hdfs: string; syslog: string }, tarball: string): Promise<Model> {
    const model = await Model.create({ concurrency: 1 });
    models.push(model);
    await model.deploy(charms.hdfs, { name: HDFS, config: { sink_type: 'file' }, resources: { flume: tarball } });
    await model.deploy(charms.syslog, { name: SYSLOG, resources: { flume: tarball } });
    model.relate(`${SYSLOG}:flume-agent`, `${HDFS}:flume-agent`);
    const result = await model.settle();
    if (result.errors.length > 0) throw new Error(`deploy failed: ${JSON.stringify(result.errors)}`);
    return model;
  }

  test('the retry ends as a clean run with the value set back: files, stored state, databags, ports, status', async () => {
    const charms = { hdfs: await builtCharm('flume-hdfs'), syslog: await builtCharm('flume-syslog') };
    const tarball = await standinTarball();
    const prng = prngFor('kill-then-change');
    const reference = await deployPair(charms, tarball);
    const model = await deployPair(charms, tarball);
    const problems: string[] = [];
    let trials = 0;

    for (const change of INPUT_CHANGES) {
      const unit = `${change.app}/0`;
      // The clean run: the change and back again; its config-changed tells where the kill points are.
      const from = reference.hookRuns.length;
      reference.config(change.app, change.to);
      await reference.settle();
      const run = reference.hookRuns.slice(from).find((r) => r.unit === unit && r.hook === 'config-changed');
      reference.config(change.app, change.back);
      await reference.settle();
      const clean = modelSnapshot(reference, APPS);
      const calls = reference.toolCalls.filter((c) => c.contextId === run?.contextId);
      const restart = calls.findIndex((c) => c.tool === 'systemctl' && c.args[0] === 'restart');
      if (!run || restart < 0) throw new Error(`${unit}: the clean config-changed to ${JSON.stringify(change.to)} restarted nothing`);
      const windows = calls.flatMap((c, i) => (c.tool === 'chown' && c.args.some((a) => a.includes('.tmp-')) ? [i] : []));
      const kills = [...new Set([restart + 1, ...windows])].filter((k) => k < calls.length);
      while (kills.length < KILLS_PER_CHANGE) kills.push(prng.int(0, calls.length - 1));

      for (const afterToolCalls of kills.slice(0, KILLS_PER_CHANGE)) {
        const where = `${unit} ${JSON.stringify(change.to)} killed at call ${afterToolCalls}`;
        model.faults.killHook(unit, { afterToolCalls, hook: 'config-changed' });
        model.config(change.app, change.to);
        await model.settle();
        model.faults.clear();
        const killed = model.hookRuns.at(-1);
        if (killed?.unit !== unit || killed.signal !== 'SIGKILL') {
          problems.push(`${where}: no kill (${killed?.unit} ${killed?.hook} ${killed?.signal})`);
          continue;
        }
        trials += 1;
        model.config(change.app, change.back); // the inputs change before Juju retries
        model.resolve(unit, { retry: true });
        const result = await model.settle();
        if (result.errors.length > 0) problems.push(`${where}: the retry failed: ${JSON.stringify(result.errors).slice(0, 300)}`);
        for (const diff of snapshotDiff(clean, modelSnapshot(model, APPS))) problems.push(`${where}: ${diff}`);
      }
    }
    expect(problems).toEqual([]);
    expect(trials).toBe(INPUT_CHANGES.length * KILLS_PER_CHANGE);
  }, timeLimit(INPUT_CHANGES.length * KILLS_PER_CHANGE * 3));
});
