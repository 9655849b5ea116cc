// Figure 1 of `make bench` alone (a no-op update-status replayed with stub tools, against node -e 0), for
// working on the hook's hot path without the whole bench. Builds both charms from their current sources into
// a temporary directory (never racing `make build`), measures on node 20 and on .tools/node18 when it is there.
//   pnpm exec tsx tests/bench/figure1.ts [REPS]        BENCH_PROFILE_DIR=DIR: also one `--cpu-prof` hook per app
//   (BENCH_PROFILE_REPS=N: N of them); BENCH_KEEP_DIR=DIR: keep each replayed unit (tree, stubs, env.json)
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCharm } from '@flume-charms/charm-build';
import { makeStandinFlumeTarball } from '../support';
import { provideNode18 } from './harness/node18';
import { measureOutside, type NodeRuntime } from './harness/outside';
import { REPO_ROOT } from './harness/setup';

async function run(): Promise<void> {
  const reps = Number(process.argv[2] ?? '15');
  const out = mkdtempSync(join(tmpdir(), 'bench-figure1-'));
  try {
    const profileDir = process.env.BENCH_PROFILE_DIR || undefined;
    const tree = async (name: string): Promise<string> => {
      const built = await buildCharm({ charmDir: join(REPO_ROOT, 'charms', name), outDir: join(out, name) });
      // The profiles name the minified bundle's lines and columns: its source map turns them into sources.
      if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true }), copyFileSync(built.sourceMapPath, join(profileDir, `${name}.js.map`));
      return built.charmTree;
    };
    const tarball = await makeStandinFlumeTarball();
    const pair = {
      sink: { charm: await tree('flume-hdfs'), app: 'flume-hdfs', endpoint: 'flume-agent', config: { sink_type: 'file' }, resources: { flume: tarball }, configChange: {} },
      agent: { charm: await tree('flume-syslog'), app: 'flume-syslog', endpoint: 'flume-agent', resources: { flume: tarball }, configChange: {} },
    };
    const node18 = provideNode18({ cacheDir: join(REPO_ROOT, '.tools', 'node18'), fetch: false });
    const node20: NodeRuntime = { label: `node ${process.version.slice(1).split('.')[0]}`, node: process.execPath, env: {} };
    const runtimes = node18.available ? [node20, node18.runtime] : [node20];
    const results = await measureOutside({ pair, reps, runtimes, profileDir });
    for (const r of results) {
      const cpuNet = r.cpu.hookMs.median - r.cpu.toolOwnMs.median;
      console.log(
        `${r.app.padEnd(13)} ${r.runtime.padEnd(22)} CPU ${r.cpu.ratio.toFixed(2)}× (hook ${r.cpu.hookMs.median.toFixed(1)} − stubs ${r.cpu.toolOwnMs.median.toFixed(1)} = ${cpuNet.toFixed(1)} ms / node -e 0 ${r.cpu.nodeBaselineMs.median.toFixed(1)} ms)` +
          `  wall ${r.ratio.toFixed(2)}×  calls: ${r.calls.join('; ')}${r.replayedCalls.join('\n') === r.calls.join('\n') ? '' : `  REPLAY DIFFERS: ${r.replayedCalls.join('; ')}`}  cache: ${r.codeCache}`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
