// A stand-in for the Apache Flume binary tarball.
// Flume cannot be downloaded on these machines, so tests and the demo attach a tarball with
// the official layout (apache-flume-VERSION-bin/{bin/flume-ng, lib/flume-ng-core-VERSION.jar,
// conf/}) whose programs only say what they are. It exercises the charm's resource checks and
// install path for real; no JVM ever runs from it.
import { rmSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STANDIN_FLUME_VERSION = '1.11.0';

export const STANDIN_NOTICE =
  'STAND-IN for apache-flume-bin.tar.gz: same layout as the Apache release, no Flume inside. ' +
  'Attach the real tarball on a real deployment.';

/** Temp dirs made for callers that gave no outDir: removed after the test file (or when the process exits). */
const madeDirs: string[] = [];
function removeMadeDirs(): void {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
// Jest loads this module once per test file: its afterAll then runs after that file's tests.
if (typeof afterAll === 'function') afterAll(removeMadeDirs);
else process.once('exit', removeMadeDirs);

export interface StandinOptions {
  /** Directory for the tarball; when omitted, a fresh temp dir, removed after the test file. */
  readonly outDir?: string;
  readonly version?: string;
}

/** Writes apache-flume-VERSION-bin.tar.gz (stand-in) and returns its path. */
export async function makeStandinFlumeTarball(options: StandinOptions = {}): Promise<string> {
  const version = options.version ?? STANDIN_FLUME_VERSION;
  let outDir = options.outDir;
  if (outDir === undefined) {
    outDir = await mkdtemp(join(tmpdir(), 'standin-flume-'));
    madeDirs.push(outDir);
  }
  const top = `apache-flume-${version}-bin`;
  const stage = await mkdtemp(join(tmpdir(), 'standin-flume-stage-'));
  try {
    const root = join(stage, top);
    await mkdir(join(root, 'bin'), { recursive: true });
    await mkdir(join(root, 'lib'), { recursive: true });
    await mkdir(join(root, 'conf'), { recursive: true });
    await writeFile(join(root, 'STANDIN.txt'), `${STANDIN_NOTICE}\n`);
    await writeFile(
      join(root, 'bin', 'flume-ng'),
      `#!/bin/sh\necho "${STANDIN_NOTICE}" >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    // A jar is a zip; the checker only needs the file name, so the content says what it is.
    await writeFile(join(root, 'lib', `flume-ng-core-${version}.jar`), `${STANDIN_NOTICE}\n`);
    await writeFile(join(root, 'lib', `flume-ng-sdk-${version}.jar`), `${STANDIN_NOTICE}\n`);
    await writeFile(join(root, 'conf', 'flume-conf.properties.template'), '# stand-in\n');
    const file = join(outDir, `${top}.tar.gz`);
    const tar = await import('tar');
    await tar.create({ gzip: true, file, cwd: stage, portable: true }, [top]);
    return file;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
