// Finds a real Apache Flume for the tests, the demo and the bench: the tarball (FLUME_TARBALL, else the
// fixture beside the project), `java` on PATH and, for charm deployments, juju-sim's real machines.
// Either it is all there, or one line says what is missing and how to get it.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
// Jest decides skips while it collects tests, synchronously: hence the Sync variant too.
import { realMachinesAvailable, realMachinesAvailableSync } from '@flume-charms/juju-sim';

const REPO_ROOT = resolve(__dirname, '../..');
/** The fixture CI keeps beside the project (a clone has none). */
export const SHARED_FLUME_TARBALL = resolve(REPO_ROOT, '..', 'shared', 'flume', 'apache-flume-1.11.0-bin.tar.gz');
export const HOW_TO_GET_REAL_FLUME =
  'set FLUME_TARBALL to the official apache-flume-1.11.0-bin.tar.gz (https://archive.apache.org/dist/flume/1.11.0/) with Java 17 on PATH';

export type RealFlume = { readonly ok: true; readonly tarball: string } | { readonly ok: false; readonly reason: string };

export interface FindOptions {
  /** Also require juju-sim's real machines (root and network namespaces): true for charm deployments. */
  readonly machines?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** Where the tarball is, when there is one: FLUME_TARBALL wins, then the fixture beside the project. */
export function flumeTarballPath(env: NodeJS.ProcessEnv = process.env): RealFlume {
  const fromEnv = env.FLUME_TARBALL;
  if (fromEnv) {
    return isFile(fromEnv) ? { ok: true, tarball: resolve(fromEnv) } : { ok: false, reason: `FLUME_TARBALL=${fromEnv} is not a file` };
  }
  if (isFile(SHARED_FLUME_TARBALL)) return { ok: true, tarball: SHARED_FLUME_TARBALL };
  return { ok: false, reason: `no Flume tarball: ${HOW_TO_GET_REAL_FLUME}` };
}

/** The real Flume, or why not. */
export async function findRealFlume(options: FindOptions = {}): Promise<RealFlume> {
  const found = tarballAndJava(options.env);
  if (!found.ok || !options.machines) return found;
  return withMachines(found, await realMachinesAvailable());
}

/** The same, synchronously: for jest, which must know while collecting whether a suite is skipped. */
export function findRealFlumeSync(options: FindOptions = {}): RealFlume {
  const found = tarballAndJava(options.env);
  if (!found.ok || !options.machines) return found;
  return withMachines(found, realMachinesAvailableSync());
}

function tarballAndJava(env: NodeJS.ProcessEnv = process.env): RealFlume {
  const found = flumeTarballPath(env);
  if (!found.ok) return found;
  const java = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000, env });
  if (java.status !== 0) {
    const why = java.error?.message ?? java.stderr.trim().split('\n')[0] ?? `exit ${java.status}`;
    return { ok: false, reason: `java does not run (${why}): Flume needs Java 11 or newer on PATH` };
  }
  return found;
}

function withMachines(found: RealFlume, machines: { ok: true } | { ok: false; reason: string }): RealFlume {
  return machines.ok ? found : { ok: false, reason: `juju-sim cannot give units real machines here: ${machines.reason}` };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

