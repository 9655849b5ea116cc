// Figure 4: cold load of a charm, with and without the V8 code cache, and what keeping names costs.
//
// A copy of the built dist/ is run as `node FILE` with no Juju environment: main() stops at reading the hook
// context (HookContextError, before any tool call or file access). Each figure is the median of paired
// differences against `node -e 0` on the same Node build, in CPU time (user + sys, python's wait4) when
// python3 is there, because a loaded machine turns wall-time differences of a few ms into noise; else wall time.
// Variants:
// - bundle, no cache: `node dist/charm.bundle.js`, what every hook paid before the entry loader;
// - entry + code cache: `node dist/charm.js` once its cache is written (what every hook after the first pays);
// - entry, cache off: CHARM_CODE_CACHE=off, the loader's own cost without a cache;
// - bundle without names: the same bundle built without keepNames (its size and load).
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCharm, charmEntry } from '@flume-charms/charm-build';
import type { NodeRuntime } from './outside';
import { hookLikeEnv, interleave, rusageAvailable, timeProcess, timeProcessRusage } from './process-time';
import { median } from './stats';

export interface ColdLoadResult {
  readonly name: string;
  readonly runtime: string;
  readonly reps: number;
  /** What the figures are: 'cpu' (user + sys) or 'wall' (python3 missing). */
  readonly clock: 'cpu' | 'wall';
  readonly bundleBytes: number;
  readonly noNamesBytes: number;
  /** Median paired (load − node -e 0), ms. */
  readonly bundleNoCacheMs: number;
  readonly entryWithCacheMs: number;
  readonly entryCacheOffMs: number;
  readonly bundleNoNamesMs: number;
  /** What the loader said about the cache in the cached runs. */
  readonly codeCache: string;
}

/** `charmSource`: charms/NAME (for the no-names build); `dist`: its built dist/ directory. */
export async function measureColdLoad(options: { name: string; charmSource: string; dist: string; runtimes: readonly NodeRuntime[]; reps: number }): Promise<ColdLoadResult[]> {
  const work = mkdtempSync(join(tmpdir(), 'bench-cold-load-'));
  try {
    const dist = join(work, 'dist');
    cpSync(options.dist, dist, { recursive: true });
    const noNames = await bundleCharm({ entry: charmEntry(options.charmSource), sourceMapPath: join(work, 'no-names.js.map'), executable: false, keepNames: false });
    const noNamesFile = join(work, 'no-names.js');
    writeFileSync(noNamesFile, noNames.code);
    const results: ColdLoadResult[] = [];
    for (const runtime of options.runtimes) {
      const env = { ...hookLikeEnv(), ...runtime.env };
      const clock = rusageAvailable() ? 'cpu' : 'wall';
      const time = async (args: readonly string[], extra: Record<string, string> = {}): Promise<number> =>
        clock === 'cpu'
          ? (await timeProcessRusage(runtime.node, args, { env: { ...env, ...extra }, cwd: work })).cpuMs
          : (await timeProcess(runtime.node, args, { env: { ...env, ...extra }, cwd: work })).ms;
      const load = (file: string, extra: Record<string, string> = {}) => (): Promise<number> => time([file], extra);
      const baseline = (): Promise<number> => time(['-e', '0']);
      const entry = join(dist, 'charm.js');
      await load(entry)(); // writes this runtime's cache
      const traced = await timeProcess(runtime.node, [entry], { env: { ...env, CHARM_CODE_CACHE_TRACE: '1' }, cwd: work });
      const codeCache = traced.stderr.split('\n').filter((l) => l.startsWith('code cache: ')).map((l) => l.slice(12)).join(', ');
      const paired = async (run: () => Promise<number>): Promise<number> => {
        const { a, b } = await interleave(options.reps, run, baseline);
        return median(a.map((x, i) => x - (b[i] ?? Number.NaN)));
      };
      results.push({
        name: options.name,
        runtime: runtime.label,
        reps: options.reps,
        clock,
        bundleBytes: statSync(join(dist, 'charm.bundle.js')).size,
        noNamesBytes: noNames.code.byteLength,
        bundleNoCacheMs: await paired(load(join(dist, 'charm.bundle.js'))),
        entryWithCacheMs: await paired(load(entry)),
        entryCacheOffMs: await paired(load(entry, { CHARM_CODE_CACHE: 'off' })),
        bundleNoNamesMs: await paired(load(noNamesFile)),
        codeCache,
      });
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
