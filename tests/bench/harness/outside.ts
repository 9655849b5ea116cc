// Figure 1, as an outside observer measures it: the wall time of the hook process from fork to exit, minus
// the tool processes' own time, against `node -e 0` in the same run, on each Node build available.
//
// juju-sim runs the pair and one no-op update-status per app while a recorder on PATH keeps each tool call,
// its answer and the hook's environment. The hook is then replayed outside the simulator: the unit's charm
// directory copied, the same environment, and stub tools that print the recorded answers. Each stub's own
// time (fork to exit, the same timer) is measured in the same run right after its hook and subtracted.
// The timer is python's fork/wait4 when python3 is there (it also gives CPU time, which a loaded machine
// disturbs far less than wall time), else node's spawn-to-close.
// No simulator client, socket or server is in the measured path; Flume's metrics still come from juju-sim's
// stand-in endpoint (CHARM_METRICS_URL), whose answer time stays in the charm's share.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Model } from '@flume-charms/juju-sim';
import { deployApp, relatePair, settleOrThrow, BenchError, type AppSpec, type PairSpec } from './charm-spec';
import { interleave, rusageAvailable, timeProcess, timeProcessRusage, type RusageProcess, type TimedProcess } from './process-time';
import { median, pairedRatios, summarize, type Summary } from './stats';

/** A Node build to run hooks with: its binary and what it needs in the environment (LD_LIBRARY_PATH). */
export interface NodeRuntime {
  readonly label: string;
  readonly node: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface OutsideResult {
  readonly app: string;
  readonly runtime: string;
  readonly reps: number;
  /** Fork to exit of the hook process (dispatch, then node). */
  readonly hookWallMs: Summary;
  /** The stubs' own time (fork to exit), summed over the hook's calls. */
  readonly toolOwnMs: Summary;
  readonly netMs: Summary;
  readonly nodeBaselineMs: Summary;
  /** Median of the paired ratios net / node -e 0. */
  readonly ratio: number;
  /** The same in CPU time (user + sys of the hook's process tree minus the stubs'); NaN without python3. */
  readonly cpu: { readonly hookMs: Summary; readonly toolOwnMs: Summary; readonly nodeBaselineMs: Summary; readonly ratio: number };
  /** The calls of the recorded (simulated) hook: hook tools and machine commands, in order. */
  readonly calls: readonly string[];
  /** The calls the replayed hook made, which must be the same. */
  readonly replayedCalls: readonly string[];
  /** What the entry loader said about the code cache in the measured hooks (accepted, once warm). */
  readonly codeCache: string;
}

interface RecordedCall {
  readonly tool: string;
  readonly args: readonly string[];
  readonly stdout: Buffer;
  readonly exitCode: number;
}

const RECORDER = `#!/bin/sh
# make bench: runs the simulator's tool; while "recording" exists, keeps the call, its answer and the environment.
dir=\${0%/*}
name=\${0##*/}
tools=$(cat "$dir/tools-dir")
[ -e "$dir/recording" ] || exec "$tools/$name" "$@"
n=$(ls "$dir/calls" | grep -c "[.]args$")
printf '%s\\0' "$name" "$@" >"$dir/calls/$n.args"
env -0 >"$dir/env"
"$tools/$name" "$@" >"$dir/calls/$n.out"
rc=$?
echo "$rc" >"$dir/calls/$n.rc"
cat "$dir/calls/$n.out"
exit "$rc"
`;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Deploys the pair in juju-sim, then replays each app's no-op update-status on every runtime. */
/** `profileDir`: also run one more hook per app and runtime under `node --cpu-prof`, its profile written there. */
export async function measureOutside(options: { pair: PairSpec; reps: number; runtimes: readonly NodeRuntime[]; profileDir?: string }): Promise<OutsideResult[]> {
  const work = mkdtempSync(join(tmpdir(), 'bench-outside-'));
  const recorder = join(work, 'recorder');
  mkdirSync(join(recorder, 'calls'), { recursive: true });
  // juju-sim puts ModelOptions.env after its own PATH, so a PATH set here comes first; it is filled in once
  // the model exists and its tools directory is known.
  const hookEnv: Record<string, string> = {};
  const model = await Model.create({ concurrency: 1, env: hookEnv });
  try {
    writeFileSync(join(recorder, 'tools-dir'), model.toolsDir);
    for (const name of readdirSync(model.toolsDir)) {
      if (name.startsWith('.')) continue;
      writeFileSync(join(recorder, name), RECORDER);
      chmodSync(join(recorder, name), 0o755);
    }
    hookEnv['PATH'] = `${recorder}:${model.toolsDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
    await deployApp(model, options.pair.sink, 1);
    await deployApp(model, options.pair.agent, 1);
    await settleOrThrow(model, 'outside: deploy');
    relatePair(model, options.pair);
    await settleOrThrow(model, 'outside: relate');
    const results: OutsideResult[] = [];
    for (const spec of [options.pair.sink, options.pair.agent]) {
      const recorded = await recordUpdateStatus(model, spec, recorder);
      for (const runtime of options.runtimes) {
        results.push(await replay({ model, spec, recorded, runtime, reps: options.reps, work, recorder, profileDir: options.profileDir }));
      }
    }
    return results;
  } finally {
    await model.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

interface Recorded {
  readonly calls: readonly RecordedCall[];
  readonly env: Record<string, string>;
}

async function recordUpdateStatus(model: Model, spec: AppSpec, recorder: string): Promise<Recorded> {
  // The first update-status after settling may still report something new; the second is the no-op one.
  model.updateStatus(spec.app);
  await settleOrThrow(model, `outside: update-status of ${spec.app}`);
  const callsDir = join(recorder, 'calls');
  for (const f of readdirSync(callsDir)) unlinkSync(join(callsDir, f));
  writeFileSync(join(recorder, 'recording'), '');
  // The hook's environment, also when it makes no tool call at all: the unit's dispatch, wrapped for this hook.
  const dispatch = model.unitPath(`${spec.app}/0`, 'dispatch');
  renameSync(dispatch, `${dispatch}.recorded`);
  writeFileSync(dispatch, `#!/bin/sh\nenv -0 >${quote(join(recorder, 'env'))}\nexec ${quote(`${dispatch}.recorded`)} "$@"\n`, { mode: 0o755 });
  try {
    model.updateStatus(spec.app);
    await settleOrThrow(model, `outside: recorded update-status of ${spec.app}`);
  } finally {
    unlinkSync(join(recorder, 'recording'));
    renameSync(`${dispatch}.recorded`, dispatch);
  }
  const count = readdirSync(callsDir).filter((f) => f.endsWith('.args')).length;
  const calls: RecordedCall[] = [];
  for (let i = 0; i < count; i++) {
    const [tool = '', ...args] = readFileSync(join(callsDir, `${i}.args`), 'utf8').split('\0').slice(0, -1);
    calls.push({ tool, args, stdout: readFileSync(join(callsDir, `${i}.out`)), exitCode: Number(readFileSync(join(callsDir, `${i}.rc`), 'utf8').trim()) });
  }
  const envFile = join(recorder, 'env');
  const env: Record<string, string> = {};
  if (existsSync(envFile)) {
    for (const pair of readFileSync(envFile, 'utf8').split('\0')) {
      const eq = pair.indexOf('=');
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  if (Object.keys(env).length === 0) throw new BenchError(`outside: no environment recorded for ${spec.app}`);
  return { calls, env };
}

/** One stub per tool name: prints the recorded answer for the recorded arguments, and logs every call. */
function writeStubs(dir: string, calls: readonly RecordedCall[], log: string): void {
  mkdirSync(dir, { recursive: true });
  const byTool = new Map<string, RecordedCall[]>();
  calls.forEach((call) => byTool.set(call.tool, [...(byTool.get(call.tool) ?? []), call]));
  for (const [tool, toolCalls] of byTool) {
    const cases = toolCalls.map((call, i) => {
      const answer = join(dir, `${tool}.${i}.out`);
      writeFileSync(answer, call.stdout);
      return `  ${quote(call.args.join(' '))}) cat ${quote(answer)}; exit ${call.exitCode} ;;`;
    });
    const script = `#!/bin/sh\necho "\${0##*/} $*" >>${quote(log)}\ncase "$*" in\n${cases.join('\n')}\nesac\nexit 0\n`;
    writeFileSync(join(dir, tool), script);
    chmodSync(join(dir, tool), 0o755);
  }
}

async function replay(o: {
  model: Model;
  spec: AppSpec;
  recorded: Recorded;
  runtime: NodeRuntime;
  reps: number;
  work: string;
  recorder: string;
  profileDir: string | undefined;
}): Promise<OutsideResult> {
  const { recorded, runtime } = o;
  const unitName = `${o.spec.app}/0`;
  const base = join(o.work, `${o.spec.app}-${runtime.label.replace(/\W+/g, '-')}`);
  const charmDir = join(base, 'charm');
  const stubs = join(base, 'stubs');
  const log = join(base, 'calls.log');
  cpSync(o.model.unitPath(unitName, '.'), charmDir, { recursive: true, verbatimSymlinks: true });
  writeStubs(stubs, recorded.calls, log);
  writeFileSync(join(charmDir, '.node-path'), `${runtime.node}\n`); // the dispatch shim's cached choice
  const systemPath = (recorded.env['PATH'] ?? '').split(':').filter((p) => p !== o.recorder && p !== o.model.toolsDir).join(':');
  const env: NodeJS.ProcessEnv = {
    ...recorded.env,
    ...runtime.env,
    PATH: `${stubs}:${systemPath}`,
    JUJU_CHARM_DIR: charmDir,
    CHARM_DIR: charmDir,
  };
  const dispatch = join(charmDir, 'dispatch');
  const runHook = async (): Promise<TimedProcess> => {
    writeFileSync(log, '');
    const run = await timeProcess(dispatch, [], { env, cwd: charmDir });
    if (run.exitCode !== 0) throw new BenchError(`outside: replayed update-status of ${o.spec.app} on ${runtime.label} exited ${run.exitCode}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return run;
  };
  // Warm-up: the first hook on the copy writes the code cache, as the first hook on a unit does.
  await runHook();
  writeFileSync(log, '');
  const traced = await timeProcess(dispatch, [], { env: { ...env, CHARM_CODE_CACHE_TRACE: '1' }, cwd: charmDir });
  const codeCache = traced.stderr.split('\n').filter((l) => l.startsWith('code cache: ')).map((l) => l.slice(12)).join(', ') || 'no trace';
  const replayedCalls = readFileSync(log, 'utf8').split('\n').filter(Boolean);

  // Fork to exit, timed by python's wait4 (wall and CPU) when it is there, else by node's own timer.
  const measure = async (command: string, args: readonly string[], runEnv: NodeJS.ProcessEnv): Promise<RusageProcess> => {
    if (rusageAvailable()) return timeProcessRusage(command, args, { env: runEnv, cwd: charmDir });
    const run = await timeProcess(command, args, { env: runEnv, cwd: charmDir });
    return { wallMs: run.ms, cpuMs: Number.NaN, exitCode: run.exitCode };
  };
  const hookAndTools = async (): Promise<{ hook: RusageProcess; toolsWall: number; toolsCpu: number }> => {
    const hook = await measure(dispatch, [], env);
    if (hook.exitCode !== 0) throw new BenchError(`outside: replayed update-status of ${o.spec.app} on ${runtime.label} exited ${hook.exitCode}`);
    let toolsWall = 0;
    let toolsCpu = 0;
    for (const call of recorded.calls) {
      const tool = await measure(join(stubs, call.tool), call.args, env);
      toolsWall += tool.wallMs;
      toolsCpu += tool.cpuMs;
    }
    return { hook, toolsWall, toolsCpu };
  };
  const nodeEnv: NodeJS.ProcessEnv = { PATH: systemPath, ...runtime.env, HOME: env['HOME'] ?? '/root', LANG: env['LANG'] ?? 'C.UTF-8' };
  const { a: hooks, b: nodes } = await interleave(o.reps, hookAndTools, () => measure(runtime.node, ['-e', '0'], nodeEnv));
  if (o.profileDir !== undefined) {
    const dir = join(o.profileDir, `${o.spec.app}-${runtime.label.replace(/\W+/g, '-')}`);
    mkdirSync(dir, { recursive: true });
    // Node as the shim runs it, the profiling flags added (Node refuses them in NODE_OPTIONS).
    // From the startup snapshot when dispatch would use one. BENCH_PROFILE_REPS=N writes N profiles: one profile of a
    // 15 ms hook sampled every 100 µs is too coarse to compare costs below a millisecond.
    const snapshot = startupSnapshotOf(charmDir, runtime.node);
    const args = [...(snapshot ? ['--snapshot-blob', snapshot] : []), '--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${dir}`, 'dist/charm.js'];
    for (let i = 0; i < Math.max(1, Number(process.env['BENCH_PROFILE_REPS'] ?? '1') || 1); i++) {
      const profiled = await timeProcess(runtime.node, args, { env, cwd: charmDir });
      if (profiled.exitCode !== 0) throw new BenchError(`outside: profiled update-status of ${o.spec.app} on ${runtime.label} exited ${profiled.exitCode}: ${profiled.stderr.trim()}`);
    }
  }
  // BENCH_KEEP_DIR=DIR keeps the replayed unit (charm tree, stubs, environment) for a look by hand.
  const keep = process.env['BENCH_KEEP_DIR'];
  if (keep) {
    cpSync(base, join(keep, basename(base)), { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(keep, basename(base), 'env.json'), JSON.stringify(env, null, 1));
  }
  const nets = hooks.map((h) => h.hook.wallMs - h.toolsWall);
  const cpuNets = hooks.map((h) => h.hook.cpuMs - h.toolsCpu);
  return {
    app: o.spec.app,
    runtime: runtime.label,
    reps: o.reps,
    hookWallMs: summarize(hooks.map((h) => h.hook.wallMs)),
    toolOwnMs: summarize(hooks.map((h) => h.toolsWall)),
    netMs: summarize(nets),
    nodeBaselineMs: summarize(nodes.map((n) => n.wallMs)),
    ratio: median(pairedRatios(nets, nodes.map((n) => n.wallMs))),
    cpu: {
      hookMs: summarize(hooks.map((h) => h.hook.cpuMs)),
      toolOwnMs: summarize(hooks.map((h) => h.toolsCpu)),
      nodeBaselineMs: summarize(nodes.map((n) => n.cpuMs)),
      ratio: median(pairedRatios(cpuNets, nodes.map((n) => n.cpuMs))),
    },
    calls: recorded.calls.map((c) => [c.tool, ...c.args].join(' ')),
    replayedCalls,
    codeCache,
  };
}

/** The startup snapshot dispatch would start this node from (charm-build's dispatch.sh), if any. */
function startupSnapshotOf(charmDir: string, node: string): string | undefined {
  const marker = join(charmDir, '.node-snapshot');
  if (!existsSync(marker)) return undefined;
  const [markedNode, markedDir, blob] = readFileSync(marker, 'utf8').split('\n');
  return markedNode === node && markedDir === charmDir && blob !== undefined && blob.endsWith('.snapshot') && existsSync(join(charmDir, blob)) ? blob : undefined;
}
