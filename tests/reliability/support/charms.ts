// The real charm bundles (built once per test file into a temp dir, so parallel files and `make build` never
// collide), the raw remote test charm and the stand-in Flume tarball.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCharm } from '@flume-charms/charm-build';
import { makeStandinFlumeTarball } from '../../support';
import { REPO_ROOT, type CharmName } from './charm-options';

/** Publishes its `databag` option verbatim on flume-agent (provides) and syslog (requires). */
export const RAW_REMOTE = path.join(__dirname, '..', 'charms', 'raw-remote');
/** The same, as a hadoop-plugin subordinate (a container-scoped relation needs one). */
export const RAW_HADOOP_PLUGIN = path.join(__dirname, '..', 'charms', 'raw-hadoop-plugin');

const built = new Map<CharmName, Promise<string>>();
let outRoot: string | undefined;
// Removed after each test file that imports this module (jest stops its workers without an 'exit' event,
// so a process exit handler left one build tree per file behind).
afterAll(() => {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
  outRoot = undefined;
  built.clear();
});

export function builtCharm(charm: CharmName): Promise<string> {
  let tree = built.get(charm);
  if (!tree) {
    if (!outRoot) {
      outRoot = mkdtempSync(path.join(tmpdir(), 'reliability-build-'));
    }
    tree = buildCharm({ charmDir: path.join(REPO_ROOT, 'charms', charm), outDir: path.join(outRoot, charm) }).then((r) => r.charmTree);
    built.set(charm, tree);
  }
  return tree;
}

let tarball: Promise<string> | undefined;
export function standinTarball(): Promise<string> {
  tarball ??= makeStandinFlumeTarball();
  return tarball;
}
