// Cost attribution for figure 1: what loading execa costs a bundled hook, against node:child_process.
// packages/flume's runCommand() still loads execa for every systemctl call, so this is the share of a
// no-op update-status that a spawn-based runCommand would save.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { hookLikeEnv, timeProcess } from './process-time';
import { median } from './stats';

export interface ExecaCost {
  readonly reps: number;
  /** import('execa') in a minified cjs bundle, as charm-build makes it. */
  readonly importMs: number;
  /** The first execa('true') after the import. */
  readonly firstCallMs: number;
  /** The first child_process.spawn('true') in a fresh process. */
  readonly spawnFirstCallMs: number;
}

const PROBE = `
const { spawn } = require('node:child_process');
const run = (c) => new Promise((r) => spawn(c, [], { stdio: 'ignore' }).on('close', r));
const mode = process.argv[2];
(async () => {
  const t0 = performance.now();
  if (mode === 'spawn') { await run('true'); process.stdout.write(JSON.stringify({ spawn: performance.now() - t0 })); return; }
  const { execa } = await import('execa');
  const t1 = performance.now();
  await execa('true', []);
  process.stdout.write(JSON.stringify({ import: t1 - t0, call: performance.now() - t1 }));
})();
`;

/** `execaFrom`: a package directory whose node_modules has execa (packages/flume). */
export async function measureExecaCost(options: { reps: number; execaFrom: string }): Promise<ExecaCost> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-execa-'));
  try {
    const outfile = join(dir, 'probe.js');
    await build({
      stdin: { contents: PROBE, resolveDir: resolve(options.execaFrom), loader: 'js' },
      bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, outfile, logLevel: 'silent',
    });
    const imports: number[] = [];
    const calls: number[] = [];
    const spawns: number[] = [];
    for (let i = 0; i < options.reps; i++) {
      const e = JSON.parse((await timeProcess(process.execPath, [outfile, 'execa'], { env: hookLikeEnv() })).stdout) as { import: number; call: number };
      const s = JSON.parse((await timeProcess(process.execPath, [outfile, 'spawn'], { env: hookLikeEnv() })).stdout) as { spawn: number };
      imports.push(e.import);
      calls.push(e.call);
      spawns.push(s.spawn);
    }
    return { reps: options.reps, importMs: median(imports), firstCallMs: median(calls), spawnFirstCallMs: median(spawns) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
