// `make bench`: hook speed and scale of the Flume charms, measured against the targets of issue 8.
// Prints the table and writes it as JSON to bench/results.json (git-ignored). A missed target prints MISS;
// the exit code is non-zero only when a figure could not be measured at all.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RENDERED_DEFAULTS } from '@flume-charms/flume';
import { makeStandinFlumeTarball } from '../support';
import { measureExecaCost } from './harness/attribution';
import { measureColdLoad } from './harness/cold-load';
import { checkDefaults } from './harness/defaults';
import { renderHdfsDefaults } from './harness/hdfs-render';
import { provideNode18 } from './harness/node18';
import { measureOutside, type NodeRuntime } from './harness/outside';
import { measureOverhead } from './harness/overhead';
import { formatTable, measured, quoted, type Row } from './harness/report';
import { measureScale } from './harness/scale';
import { lightSink, realPair, REPO_ROOT } from './harness/setup';
import { measureRoundTrip, measureSimLifecycle } from './harness/simulator';
import { countFanIn, countLifecycleCalls } from './harness/tool-calls';
import { measureDataPlane } from './data-plane/data-plane';

/** Repetition counts, chosen to keep `make bench` near 4 minutes on 2 cores; BENCH_REPS scales them. */
const scale = Number(process.env.BENCH_REPS ?? '1') > 0 ? Number(process.env.BENCH_REPS ?? '1') : 1;
const REPS = {
  overhead: Math.round(15 * scale),
  bundle: Math.round(15 * scale),
  execa: Math.round(7 * scale),
  roundTripCalls: 200,
  simLifecycle: Math.max(1, Math.round(3 * scale)),
  scale: Math.max(1, Math.round(2 * scale)),
} as const;
const SCALE_UNITS = { small: 10, large: 40 } as const;
const FAN_IN = { one: 1, many: 50 } as const;

const RENDERED_FILES = ['/etc/flume/APP/flume.conf', '/etc/flume/APP/flume-env.sh'];

function progress(text: string): void {
  process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(0)}s] ${text}\n`);
}

async function run(): Promise<void> {
  const startedAt = new Date();
  const tarball = await makeStandinFlumeTarball();
  const pair = realPair(tarball);
  const rows: Row[] = [];

  progress('5. simulator: hook-tool round trip');
  const roundTrip = await measureRoundTrip(REPS.roundTripCalls);
  progress('1. Node 18 as the units run it (Debian-style build), fetched into .tools/node18 when possible');
  const node18 = provideNode18({ cacheDir: join(REPO_ROOT, '.tools', 'node18'), fetch: true });
  const node20: NodeRuntime = { label: `node ${process.version.slice(1).split('.')[0]}`, node: process.execPath, env: {} };
  const runtimes: NodeRuntime[] = node18.available ? [node20, node18.runtime] : [node20];
  progress('1. hook start-up as an outside observer sees it: no-op update-status replayed with stub tools');
  const outside = await measureOutside({ pair, reps: REPS.overhead, runtimes });
  for (const o of outside) {
    const how = `median of ${o.reps} paired runs: (hook fork→exit ${o.hookWallMs.median.toFixed(1)} ms − stub tools' own ${o.toolOwnMs.median.toFixed(1)} ms) / node -e 0 ${o.nodeBaselineMs.median.toFixed(1)} ms; code cache ${o.codeCache}`;
    const onUnitsNode = o.runtime !== node20.label;
    rows.push(measured('1', `${o.app}: no-op update-status own time / node -e 0, ${o.runtime}`, o.ratio, '×', onUnitsNode ? undefined : { op: '<=', limit: 1.5 }, how));
    if (Number.isFinite(o.cpu.ratio)) {
      rows.push(measured('1', `${o.app}: the same in CPU time, ${o.runtime}`, o.cpu.ratio, '×', undefined,
        `median of ${o.reps} paired runs: (hook CPU ${o.cpu.hookMs.median.toFixed(1)} ms − stubs' CPU ${o.cpu.toolOwnMs.median.toFixed(1)} ms) / node -e 0 CPU ${o.cpu.nodeBaselineMs.median.toFixed(1)} ms (user + sys, python's wait4)`));
    }
  }
  if (!node18.available) rows.push({ figure: '1', metric: 'node 18 (Debian build, as the units run it)', value: 'not measured', unit: '', verdict: 'info', note: node18.reason });
  for (const o of outside.filter((r) => r.runtime === node20.label)) {
    const same = o.replayedCalls.join('\n') === o.calls.join('\n');
    rows.push(measured('1', `${o.app}: tool calls in no-op hook (hook tools + machine commands)`, o.calls.length, '', { op: '<=', limit: 2 },
      `${o.calls.join('; ')}${same ? '' : ` — the replay made other calls: ${o.replayedCalls.join('; ')}`}`));
  }
  progress('1. the previous method (simulator hook wall − calls × bash round trip), for comparison');
  const overhead = await measureOverhead({ pair, reps: REPS.overhead, roundTripMs: roundTrip.medianMs });
  const execa = await measureExecaCost({ reps: REPS.execa, execaFrom: join(REPO_ROOT, 'packages', 'flume') });
  for (const o of overhead) {
    const how = `median of ${o.reps} paired runs: (juju-sim hook wall ${o.hookWallMs.median.toFixed(1)} ms − ${o.hookToolCalls + o.machineCommands} client calls × ${o.roundTripMs.toFixed(2)} ms) / node -e 0 ${o.nodeBaselineMs.median.toFixed(1)} ms`;
    rows.push(measured('1', `${o.app}: same hook, simulator method (previous figure)`, o.ratio, '×', undefined, how));
  }
  rows.push(measured('1', 'cost: execa import + first call (bundled)', execa.importMs + execa.firstCallMs, 'ms', undefined,
    `import ${execa.importMs.toFixed(1)} ms + first call ${execa.firstCallMs.toFixed(1)} ms vs child_process.spawn first call ${execa.spawnFirstCallMs.toFixed(1)} ms (${execa.reps} runs); why hook tools and systemctl show use packages/reactive's runProcess, and execa is loaded only for commands that change the machine (issue 15)`));
  rows.push(quoted('1', 'reference: charms.reactive no-op hook', '3.4–4.3', '× node -e 0, 7 calls', 'quoted from issues 8 and 15 (measured from outside, as figure 1 now is), not measured here'));
  rows.push(quoted('1', 'reference: minimal ops no-op hook', '1.7–2.1', '× node -e 0, 5 calls', 'quoted from issues 8 and 15 (measured from outside, as figure 1 now is), not measured here'));

  progress('2. hook-tool calls per hook: standard lifecycle');
  const lifecycle = await countLifecycleCalls({ pair, renderedFiles: RENDERED_FILES });
  for (const h of lifecycle.hooks) {
    const calls = h.hookToolCalls.min === h.hookToolCalls.max ? String(h.hookToolCalls.max) : `${h.hookToolCalls.min}–${h.hookToolCalls.max}`;
    const machine = h.machineCommands.max === 0 ? '' : ` (+${h.machineCommands.min === h.machineCommands.max ? h.machineCommands.max : `${h.machineCommands.min}–${h.machineCommands.max}`} machine)`;
    rows.push({ figure: '2', metric: `${h.phase}: ${h.app} ${h.hook}${h.runs > 1 ? ` ×${h.runs}` : ''}`, value: `${calls}${machine}`, unit: '', verdict: 'info' });
  }
  progress(`2. agent relation-changed with ${FAN_IN.one} and ${FAN_IN.many} sink units (light sink)`);
  const fanPair = { sink: lightSink(), agent: pair.agent };
  const one = await countFanIn({ pair: fanPair, sinkUnits: FAN_IN.one });
  const many = await countFanIn({ pair: fanPair, sinkUnits: FAN_IN.many });
  const fanNote = `real flume-syslog agent; the sinks are tests/bench/light-sink (a sh charm publishing the flume-agent keys port/protocol/compression-type, no workload). Mean calls ${many.meanCalls.toFixed(2)} over ${many.runs} hooks vs ${one.meanCalls.toFixed(2)} over ${one.runs}; max ${many.maxCalls} vs ${one.maxCalls}; last (all joined) ${many.lastCalls} vs ${one.lastCalls}`;
  rows.push(measured('2', `agent relation-changed calls, ${FAN_IN.many} sinks / ${FAN_IN.one}`, many.meanCalls / one.meanCalls, '×', { op: '<=', limit: 1.2 }, fanNote));

  progress(`3. scale: lifecycle with ${SCALE_UNITS.small} and ${SCALE_UNITS.large} agent units`);
  const scaled = await measureScale({ pair, small: SCALE_UNITS.small, large: SCALE_UNITS.large, reps: REPS.scale });
  rows.push(measured('3', `lifecycle wall, ${SCALE_UNITS.large} / ${SCALE_UNITS.small} agent units`, scaled.ratio, '×', { op: '<=', limit: 4.4 },
    `median of ${scaled.reps} paired runs: ${(scaled.largeWallMs.median / 1000).toFixed(1)} s (${scaled.largeHooks} hooks) vs ${(scaled.smallWallMs.median / 1000).toFixed(1)} s (${scaled.smallHooks} hooks)`));

  progress('4. bundles: size, cold load with and without the code cache, cost of keeping names');
  const coldLoads = [];
  for (const name of ['flume-hdfs', 'flume-syslog']) {
    const loads = await measureColdLoad({ name, charmSource: join(REPO_ROOT, 'charms', name), dist: join(REPO_ROOT, 'charms', name, 'build', 'charm', 'dist'), runtimes, reps: REPS.bundle });
    coldLoads.push(...loads);
    const first = loads[0];
    if (!first) continue;
    rows.push(measured('4', `${name}: dist/charm.bundle.js size`, first.bundleBytes / 1024, 'KiB', { op: '<=', limit: 300 },
      `${first.bundleBytes} bytes; without keepNames ${first.noNamesBytes} bytes (names cost ${((first.bundleBytes - first.noNamesBytes) / 1024).toFixed(1)} KiB)`));
    for (const l of loads) {
      const onNode20 = l.runtime === node20.label;
      const how = `median of ${l.reps} paired (load − node -e 0), ${l.clock === 'cpu' ? 'CPU time (user + sys)' : 'wall time'}, on ${l.runtime}: bundle without cache ${l.bundleNoCacheMs.toFixed(1)} ms, entry with cache ${l.entryWithCacheMs.toFixed(1)} ms (${l.codeCache}), entry with CHARM_CODE_CACHE=off ${l.entryCacheOffMs.toFixed(1)} ms, bundle built without names ${l.bundleNoNamesMs.toFixed(1)} ms`;
      const clock = l.clock === 'cpu' ? 'CPU' : 'wall';
      rows.push(measured('4', `${name}: cold load without code cache (${clock}), ${l.runtime}`, l.bundleNoCacheMs, 'ms', undefined, how));
      rows.push(measured('4', `${name}: cold load with code cache (${clock}), ${l.runtime}`, l.entryWithCacheMs, 'ms', onNode20 ? { op: '<=', limit: 25 } : undefined, how));
      rows.push(measured('4', `${name}: keeping names costs (cold load, no cache, ${clock}), ${l.runtime}`, l.bundleNoCacheMs - l.bundleNoNamesMs, 'ms', undefined, how));
    }
  }

  progress('5. simulator: scripted lifecycle, 2 apps × 3 units');
  const simLifecycle = await measureSimLifecycle({ pair, units: 3, reps: REPS.simLifecycle });
  rows.push(measured('5', `hook-tool round trip (${roundTrip.client} client)`, roundTrip.medianMs, 'ms', { op: '<', limit: 5 }, `median of ${roundTrip.calls} calls from a bash hook; p90 ${roundTrip.p90Ms.toFixed(2)} ms`));
  rows.push(measured('5', 'lifecycle wall, 2 apps × 3 units', simLifecycle.wallMs.median / 1000, 's', { op: '<', limit: 10 },
    `median of ${simLifecycle.reps}: deploy, relate, config change, remove a unit; ${simLifecycle.hooks} hooks, ${simLifecycle.toolCalls} tool calls`));

  progress('6. rendered defaults (flume-hdfs with sink_type=hdfs and a hadoop-plugin stand-in)');
  const hdfsFiles = await renderHdfsDefaults({
    pair,
    hadoopPlugin: join(REPO_ROOT, 'charms', 'flume-hdfs', 'test', 'charms', 'fake-hadoop-plugin'),
    files: RENDERED_FILES,
  });
  const defaults = checkDefaults({
    settings: RENDERED_DEFAULTS,
    charms: { 'flume-hdfs': join(REPO_ROOT, 'charms', 'flume-hdfs'), 'flume-syslog': join(REPO_ROOT, 'charms', 'flume-syslog') },
    rendered: { 'flume-hdfs': hdfsFiles, 'flume-syslog': lifecycle.rendered['flume-syslog'] ?? {} },
  });

  progress('7. data plane with real Flume (BENCH_EVENTS events per pipeline, default 100000)');
  const dataPlane = await measureDataPlane({ events: Number(process.env.BENCH_EVENTS ?? 100_000), rounds: 4, latencyLines: 50, progress });
  rows.push(...dataPlane.rows);

  const machine = { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}` };
  const finishedAt = new Date();
  const out = join(REPO_ROOT, 'bench');
  mkdirSync(out, { recursive: true });
  const results = {
    startedAt: startedAt.toISOString(),
    wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine,
    repetitions: { ...REPS, scaleUnits: SCALE_UNITS, fanIn: FAN_IN },
    rows,
    details: { roundTrip, node18: node18.available ? { version: node18.version, fetched: node18.fetched } : { reason: node18.reason }, outside, overhead, execa, coldLoads, lifecycle: lifecycle.hooks, fanIn: [one, many], scale: scaled, simLifecycle, defaults, dataPlane: dataPlane.details },
  };
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  console.log(`Machine: ${machine.nproc} cores, ${machine.cpu}, node ${machine.node}`);
  console.log(`Repetitions: overhead ${REPS.overhead}, bundle ${REPS.bundle}, execa probe ${REPS.execa}, round-trip calls ${REPS.roundTripCalls}, simulator lifecycle ${REPS.simLifecycle}, scale ${REPS.scale} (BENCH_REPS=${scale})\n`);
  console.log(formatTable(rows));
  console.log('\nMethod:');
  console.log('- Every ratio pairs samples taken next to each other in this run (the two series alternate, the first swapped each time), then takes the median.');
  console.log('- node -e 0 runs with the environment juju-sim gives hooks (PATH, HOME, LANG, TMPDIR): an inherited NODE_EXTRA_CA_CERTS would add ~40 ms to it.');
  console.log('- Hook own time (figure 1), as an outside observer sees it: juju-sim runs the pair and records each no-op update-status call with its answer and the hook environment; the hook is then replayed from a copy of the unit\'s charm directory with stub tools printing those answers. Wall time of the hook process from fork to exit, minus each stub\'s own fork-to-exit time measured right after it with the same timer, over node -e 0 on the same Node build.');
  console.log(`- The previous method (juju-sim\'s hook wall minus calls × the client round trip from a bash hook, ${roundTrip.medianMs.toFixed(2)} ms here) also counts the simulator\'s tool client, socket and server answering inside the bench\'s own event loop, which the unit agent does not add; its figure is kept beside the new one.`);
  console.log('- CPU times (figures 1 and 4): user + sys of the process and the children it waited for, from python\'s fork/wait4 (when python3 is there). A loaded machine stretches wall times by scheduling waits, which hit a hook of four processes more than one node -e 0; CPU times barely move, so compare runs by them.');
  console.log(`- Node 18: ${node18.available ? `${node18.version}, Debian-style build without startup snapshot (.tools/node18${node18.fetched ? ', fetched in this run' : ''})` : `not measured: ${node18.reason}`}.`);
  console.log('- Cold load (figure 4): `node FILE` with no Juju environment (main() stops at HookContextError before any tool call) minus node -e 0, paired; the entry loader\'s cache is written by a first run, as the first hook on a unit writes it.');
  console.log('\nNotes:');
  for (const r of rows) if (r.note && (r.verdict !== 'info' || r.figure === '7')) console.log(`- [${r.figure}] ${r.metric}: ${r.note}`);
  console.log('\n6. Rendered defaults (packages/flume RENDERED_DEFAULTS; checked against charmcraft.yaml and the files rendered with default config; n/a = a Flume default the charm leaves unrendered, or a description):');
  for (const d of defaults) {
    const checks = d.checks.map((c) => `${c.charm}=${c.expected} [charmcraft: ${c.charmcraft}; rendered: ${c.rendered}]`).join('; ');
    console.log(`- ${d.setting.option ?? '(fixed)'} → ${d.setting.property} = ${d.setting.value} (Flume default ${d.setting.flumeDefault})\n    why: ${d.setting.reason}\n    check: ${checks}`);
  }
  console.log(`\nWrote bench/results.json in ${results.wallSeconds.toFixed(0)} s.`);
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exitCode = 1;
});
