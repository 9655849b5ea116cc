// Real Flume as a test oracle: packages/flume/test/oracle/FlumeOracle.java, compiled against the tarball's
// lib/*.jar, loads flume.conf texts through Flume's own PropertiesFileConfigurationProvider (validation, then
// building every component, none started) and reports which sources, channels, sinks and sink groups survive.
// One JVM judges a whole batch. The jars and classes are cached under the OS temp dir by a hash of the Java
// source and the tarball, so only the first run of a new version pays for extraction and javac.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { flumeTarballPath } from './real-flume';

const REPO_ROOT = resolve(__dirname, '../..');
const ORACLE_SOURCE = join(REPO_ROOT, 'packages/flume/test/oracle/FlumeOracle.java');
const CACHE_PREFIX = 'flume-oracle-';

export interface Survivors {
  readonly sources: readonly string[];
  readonly channels: readonly string[];
  readonly sinks: readonly string[];
  readonly sinkgroups: readonly string[];
}

/**
 * What Flume made of one config: the components that survive; or `class-not-available` when an official
 * component's jar is missing from this build (the HDFS sink: no Hadoop here), which says nothing about the
 * config; or `fatal` when getConfiguration() threw (an unloadable type): the agent then runs nothing.
 */
export type OracleVerdict =
  | { readonly kind: 'loaded'; readonly survivors: Survivors; readonly log: readonly string[] }
  | { readonly kind: 'class-not-available'; readonly className: string; readonly log: readonly string[] }
  | { readonly kind: 'fatal'; readonly reason: string; readonly log: readonly string[] };

export interface OracleInput {
  readonly text: string;
  readonly agent: string;
}

export interface FlumeOracle {
  judge(configs: readonly OracleInput[]): Promise<OracleVerdict[]>;
}

/** The oracle, or why it cannot run here (print the reason and skip). */
export function findFlumeOracle(env: NodeJS.ProcessEnv = process.env): { ok: true; oracle: FlumeOracle } | { ok: false; reason: string } {
  const found = flumeTarballPath(env);
  if (!found.ok) return found;
  const { tarball } = found;
  for (const tool of ['java', 'javac']) {
    const probe = spawnSync(tool, ['-version'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status !== 0) return { ok: false, reason: `${tool} is not on PATH: the oracle needs a JDK (11 or newer)` };
  }
  let cacheDir: string | undefined;
  return {
    ok: true,
    oracle: {
      async judge(configs) {
        cacheDir ??= buildOracle(tarball);
        return runOracle(cacheDir, configs);
      },
    },
  };
}

/** Survivors of a verdict as one comparable line per kind. */
export function survivorsText(s: Survivors): string {
  return `sources=[${s.sources.join(' ')}] channels=[${s.channels.join(' ')}] sinks=[${s.sinks.join(' ')}] sinkgroups=[${s.sinkgroups.join(' ')}]`;
}

function buildOracle(tarball: string): string {
  const stat = statSync(tarball);
  const hash = createHash('sha256')
    .update(readFileSync(ORACLE_SOURCE))
    .update(`${resolve(tarball)}\0${stat.size}\0${stat.mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const cacheDir = join(tmpdir(), `${CACHE_PREFIX}${hash}`);
  if (existsSync(join(cacheDir, 'classes', 'FlumeOracle.class'))) return cacheDir;

  // Build beside the cache and rename into place, so a concurrent or killed build never leaves half a cache.
  const building = mkdtempSync(join(tmpdir(), `${CACHE_PREFIX}build-`));
  try {
    run('tar', ['-xzf', tarball, '-C', building, '--wildcards', '*/lib/*.jar']);
    const top = readdirSync(building).find((d) => existsSync(join(building, d, 'lib')));
    if (!top) throw new Error(`${tarball} has no lib/ directory`);
    renameSync(join(building, top, 'lib'), join(building, 'lib'));
    rmSync(join(building, top), { recursive: true, force: true });
    mkdirSync(join(building, 'classes'));
    run('javac', ['-nowarn', '-encoding', 'UTF-8', '-d', join(building, 'classes'), '-cp', `${join(building, 'lib')}/*`, ORACLE_SOURCE]);
    try {
      renameSync(building, cacheDir);
    } catch (error) {
      if (!existsSync(join(cacheDir, 'classes', 'FlumeOracle.class'))) throw error; // else another run won the race
      rmSync(building, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
  removeStaleCaches(cacheDir);
  return cacheDir;
}

/** Caches of older oracle sources or tarballs are never used again. */
function removeStaleCaches(current: string): void {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    // Only finished caches (PREFIX + hash): never another run's build or work directory.
    if (new RegExp(`^${CACHE_PREFIX}[0-9a-f]{16}$`).test(name) && path !== current) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

async function runOracle(cacheDir: string, configs: readonly OracleInput[]): Promise<OracleVerdict[]> {
  if (configs.length === 0) return [];
  const work = mkdtempSync(join(tmpdir(), 'flume-oracle-run-'));
  try {
    const list = configs.map((config, i) => {
      if (/[\t\n\r]/.test(config.agent)) throw new Error(`agent name ${JSON.stringify(config.agent)} cannot be passed to the oracle`);
      const file = join(work, `${i}.conf`);
      writeFileSync(file, config.text, 'utf8'); // as the charms write flume.conf
      return `${config.agent}\t${file}\n`;
    });
    const stdout = await javaOutput(cacheDir, list.join(''), 120_000 + 50 * configs.length);
    const lines = stdout.split('\n').filter((l) => l !== '');
    if (lines.length !== configs.length) throw new Error(`oracle answered ${lines.length} of ${configs.length} configs`);
    return lines.map(parseVerdict);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function javaOutput(cacheDir: string, input: string, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const classpath = `${join(cacheDir, 'classes')}:${join(cacheDir, 'lib')}/*`;
    // C1 only and one GC thread: the oracle is short-lived and shares two cores with the rest of the suite.
    const child = spawn('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m', '-cp', classpath, 'FlumeOracle'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // A hung JVM must not outlive the test that started it.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`oracle killed by ${signal} (no answer within ${timeoutMs} ms)`));
      else if (code === 0) resolvePromise(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`oracle exited ${code}: ${Buffer.concat(err).toString('utf8').slice(-2000)}`));
    });
    child.stdin.end(input);
  });
}

interface RawVerdict {
  sources?: string[];
  channels?: string[];
  sinks?: string[];
  sinkgroups?: string[];
  classNotAvailable?: string;
  fatal?: string;
  log: string[];
}

function parseVerdict(line: string): OracleVerdict {
  const raw = JSON.parse(line) as RawVerdict;
  if (raw.classNotAvailable !== undefined) return { kind: 'class-not-available', className: raw.classNotAvailable, log: raw.log };
  if (raw.fatal !== undefined) return { kind: 'fatal', reason: raw.fatal, log: raw.log };
  return {
    kind: 'loaded',
    survivors: { sources: raw.sources ?? [], channels: raw.channels ?? [], sinks: raw.sinks ?? [], sinkgroups: raw.sinkgroups ?? [] },
    log: raw.log,
  };
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
}

