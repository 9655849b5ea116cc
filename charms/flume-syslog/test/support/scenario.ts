// Simulator scenarios: the real flume-syslog bundle, deployed with the stand-in Flume tarball, beside
// fake-remote (test/charms/fake-remote), which writes whatever databag a test gives it into its relations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCharm } from '@flume-charms/charm-build';
import { Model } from '@flume-charms/juju-sim';
import { makeStandinFlumeTarball } from '@flume-charms/tests';

export const CHARM_DIR = path.join(__dirname, '..', '..');
export const FAKE_REMOTE = path.join(__dirname, '..', 'charms', 'fake-remote');
export const AGENT = 'flume-syslog';
export const UNIT = 'flume-syslog/0';
export const SERVICE = 'flume-flume-syslog';
export const FLUME_CONF = '/etc/flume/flume-syslog/flume.conf';

let built: Promise<string> | undefined;

let buildDir: string | undefined;

/** Builds the charm once per test file, into a temporary directory removed after the file's tests. */
export function builtCharm(): Promise<string> {
  if (!built) {
    const outDir = mkdtempSync(path.join(tmpdir(), 'flume-syslog-build-'));
    buildDir = outDir;
    built = buildCharm({ charmDir: CHARM_DIR, outDir }).then((r) => r.charmTree);
  }
  return built;
}

// A top-level hook of every test file that imports this module.
afterAll(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

export interface Scenario {
  readonly model: Model;
  readonly tarball: string;
}

/** A model with flume-syslog deployed (one unit, settled): installed, no relation yet. */
export async function deployAgent(config: Record<string, string | number> = {}): Promise<Scenario> {
  const charm = await builtCharm();
  const tarball = await makeStandinFlumeTarball();
  const model = await Model.create();
  await model.deploy(charm, { name: AGENT, config, resources: { flume: tarball } });
  await model.settle();
  return { model, tarball };
}

export type Databag = Record<string, string>;

export const SINK_BAG: Databag = { port: '4141', protocol: 'avro', 'compression-type': 'none' };

/** Deploys fake-remote as APP with `databag`; relate it yourself (or pass relate: true). */
export async function deployRemote(model: Model, app: string, databag: Databag, units = 1): Promise<void> {
  await model.deploy(FAKE_REMOTE, { name: app, units, config: { databag: JSON.stringify(databag) } });
}

export function setRemoteData(model: Model, app: string, databag: Databag): void {
  model.config(app, { databag: JSON.stringify(databag) });
}

export function workload(model: Model, unit = UNIT): { status: string; message: string } {
  return model.unitStatus(unit).workload;
}

export function flumeConf(model: Model, unit = UNIT): string {
  return model.unitFile(unit, FLUME_CONF);
}

/** The `key = value` lines of a flume.conf, without comments and blank lines. */
export function confKeys(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(' = ')[0] as string);
}

export function ports(model: Model, unit = UNIT): readonly string[] {
  for (const app of model.status().applications) {
    const found = app.units.find((u) => u.name === unit);
    if (found) return found.ports;
  }
  throw new Error(`no unit ${unit} in status`);
}

/** Relates the agent's flume-agent endpoint to a fake-remote app acting as a sink; returns the relation id. */
export function relateSink(model: Model, app: string): number {
  return model.relate(`${AGENT}:flume-agent`, `${app}:flume-agent`);
}

/** Relates the agent's syslog endpoint to a fake-remote app acting as an rsyslog forwarder. */
export function relateForwarder(model: Model, app: string): number {
  return model.relate(`${AGENT}:syslog`, `${app}:syslog`);
}

/** The agent with one valid sink (a fake-remote flume-hdfs publishing SINK_BAG), related and settled. */
export async function activeAgent(config: Record<string, string | number> = {}): Promise<Model> {
  const { model } = await deployAgent(config);
  await deployRemote(model, 'flume-hdfs', SINK_BAG);
  relateSink(model, 'flume-hdfs');
  await model.settle();
  return model;
}
