// The Node the units run: Ubuntu 24.04's nodejs 18.19 is a Debian-style build (shared libnode, no startup
// snapshot, no code cache for Node's own modules). Debian 12's nodejs 18.20 is the same kind of build; it is
// fetched beside Node 20 without replacing it: `apt-get download nodejs libnode108`, `dpkg-deb -x` into a
// cache directory, LD_LIBRARY_PATH to its libnode. Its externalized builtins must exist at their absolute
// paths (/usr/share/nodejs/...): the apt packages node-cjs-module-lexer, node-acorn, node-undici and
// libc-ares2 provide them without touching Node 20. Best effort: every failure is a reason, never a throw.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeRuntime } from './outside';

export type Node18 = { readonly available: true; readonly runtime: NodeRuntime; readonly version: string; readonly fetched: boolean } | { readonly available: false; readonly reason: string };

const BUILTIN_PACKAGES = ['node-cjs-module-lexer', 'node-acorn', 'node-undici', 'libc-ares2'];
const APT_TIMEOUT_MS = 180_000;

function run(command: string, args: readonly string[], cwd?: string): { ok: boolean; out: string } {
  const result = spawnSync(command, [...args], {
    cwd,
    encoding: 'utf8',
    timeout: APT_TIMEOUT_MS,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return { ok: result.status === 0, out: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`.trim() };
}

function runtimeIn(root: string): NodeRuntime {
  return { label: 'node 18 (Debian build)', node: join(root, 'usr', 'bin', 'node'), env: { LD_LIBRARY_PATH: join(root, 'usr', 'lib', 'x86_64-linux-gnu') } };
}

/** `node -p` on the extracted build: its version, or why it does not run (missing builtins, libraries). */
function probe(runtime: NodeRuntime): { ok: true; version: string } | { ok: false; reason: string } {
  if (!existsSync(runtime.node)) return { ok: false, reason: `${runtime.node} is missing` };
  const result = spawnSync(runtime.node, ['-p', "process.version + ' ' + process.config.variables.node_use_node_snapshot"], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...runtime.env },
  });
  if (result.status !== 0) return { ok: false, reason: (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n').slice(-1)[0] ?? '' };
  const [version = '', snapshot] = result.stdout.trim().split(' ');
  if (!version.startsWith('v18.')) return { ok: false, reason: `the extracted node is ${version}, not 18` };
  return snapshot === 'false' ? { ok: true, version } : { ok: false, reason: `${version} has a startup snapshot: not the Debian-style build` };
}

/** An 18.x version of the apt package `nodejs` (Debian 12 has 18.20.4+dfsg-1~deb12u2). */
function candidateVersion(): string | undefined {
  const madison = run('apt-cache', ['madison', 'nodejs']);
  return madison.out.split('\n').map((line) => line.split('|')[1]?.trim() ?? '').find((v) => /^18\./.test(v));
}

/**
 * Node 18 from `cacheDir` (fetched there if missing and `fetch` is true). BENCH_NODE18=off skips it.
 * Needs apt (Debian 12 sources) and root for the builtin packages; otherwise says why not.
 */
export function provideNode18(options: { cacheDir: string; fetch: boolean }): Node18 {
  if (process.env['BENCH_NODE18'] === 'off') return { available: false, reason: 'BENCH_NODE18=off' };
  const root = join(options.cacheDir, 'root');
  const runtime = runtimeIn(root);
  const ready = probe(runtime);
  if (ready.ok) return { available: true, runtime, version: ready.version, fetched: false };
  if (!options.fetch) return { available: false, reason: ready.reason };
  if (!run('apt-get', ['--version']).ok) return { available: false, reason: 'apt-get is not available to fetch Debian\'s nodejs 18' };

  let version = candidateVersion();
  if (!version) {
    run('apt-get', ['update']);
    version = candidateVersion();
  }
  if (!version) return { available: false, reason: 'apt offers no nodejs 18.x here (Debian 12 sources needed)' };
  const debs = join(options.cacheDir, 'debs');
  rmSync(options.cacheDir, { recursive: true, force: true });
  mkdirSync(debs, { recursive: true });
  const download = run('apt-get', ['download', `nodejs=${version}`, `libnode108=${version}`], debs);
  if (!download.ok) return { available: false, reason: `apt-get download nodejs=${version} libnode108 failed: ${download.out.split('\n').slice(-1)[0] ?? ''}` };
  for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb'))) {
    const extract = run('dpkg-deb', ['-x', join(debs, deb), root]);
    if (!extract.ok) return { available: false, reason: `dpkg-deb -x ${deb} failed: ${extract.out}` };
  }
  rmSync(debs, { recursive: true, force: true });
  let after = probe(runtime);
  if (!after.ok) {
    // Most likely the externalized builtins: installed from apt, they do not replace Node 20.
    const install = run('apt-get', ['install', '-y', '--no-install-recommends', ...BUILTIN_PACKAGES]);
    if (!install.ok) return { available: false, reason: `${after.reason}; apt-get install ${BUILTIN_PACKAGES.join(' ')} failed (root needed)` };
    after = probe(runtime);
  }
  return after.ok ? { available: true, runtime, version: after.version, fetched: true } : { available: false, reason: after.reason };
}
