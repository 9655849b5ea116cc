// Runs Apache Flume straight from its tarball, the way an operator would by hand (`bin/flume-ng agent`),
// for the hand-written side of the data-plane bench. Each agent gets its own conf, log and data directories
// under one work directory; stop() ends its whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FlumeHome {
  /** apache-flume-VERSION-bin, extracted. */
  readonly home: string;
  /** Removes the extracted tree and every agent's directories. */
  cleanup(): Promise<void>;
  readonly workDir: string;
}

/** Extracts the tarball into a fresh temporary directory. */
export async function extractFlume(tarball: string): Promise<FlumeHome> {
  const workDir = await mkdtemp(join(tmpdir(), 'flume-bench-'));
  try {
    const tar = await import('tar');
    await tar.extract({ file: tarball, cwd: workDir });
    const top = (await readdir(workDir)).find((name) => /^apache-flume-.*-bin$/.test(name));
    if (!top) throw new Error(`${tarball} has no apache-flume-*-bin directory`);
    return { home: join(workDir, top), workDir, cleanup: () => rm(workDir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

export interface AgentSpec {
  /** A directory name under the work dir, e.g. `hand-agent`. */
  readonly name: string;
  /** flume.conf text; `@DATA@` is replaced by the agent's data directory. */
  readonly conf: string;
  readonly agentName: string;
  readonly heap: string;
  readonly metricsPort: number;
  /** log4j2.xml text (`@LOG_DIR@` is replaced by the agent's log directory); the tarball's own by default. */
  readonly log4j2?: string;
}

export interface RunningAgent {
  readonly name: string;
  readonly pid: number;
  /** The agent's data directory (channels, sink files). */
  readonly dataDir: string;
  readonly logFile: string;
  /** SIGTERM to the process group, SIGKILL after 15 s; resolves once it exited. */
  stop(): Promise<void>;
}

/** Starts `bin/flume-ng agent` with the spec's conf; the caller waits for readiness (metrics, port). */
export async function startAgent(flume: FlumeHome, spec: AgentSpec): Promise<RunningAgent> {
  const base = join(flume.workDir, spec.name);
  const confDir = join(base, 'conf');
  const dataDir = join(base, 'data');
  const logDir = join(base, 'log');
  for (const dir of [confDir, dataDir, logDir]) await mkdir(dir, { recursive: true });
  await writeFile(join(confDir, 'flume.conf'), spec.conf.replaceAll('@DATA@', dataDir));
  await writeFile(join(confDir, 'flume-env.sh'), `export JAVA_OPTS="-Xms${spec.heap} -Xmx${spec.heap}"\n`);
  if (spec.log4j2 === undefined) await copyFile(join(flume.home, 'conf', 'log4j2.xml'), join(confDir, 'log4j2.xml'));
  else await writeFile(join(confDir, 'log4j2.xml'), spec.log4j2.replaceAll('@LOG_DIR@', logDir));
  const child: ChildProcess = spawn(
    join(flume.home, 'bin', 'flume-ng'),
    ['agent', '-n', spec.agentName, '-c', confDir, '-f', join(confDir, 'flume.conf'), '--no-reload-conf',
      '-Dflume.monitoring.type=http', `-Dflume.monitoring.port=${spec.metricsPort}`],
    { cwd: logDir, detached: true, stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`bin/flume-ng did not start for ${spec.name}`);
  const pid = child.pid;
  return {
    name: spec.name,
    pid,
    dataDir,
    logFile: join(logDir, 'flume.log'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
