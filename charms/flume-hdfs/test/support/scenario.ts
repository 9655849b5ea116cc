// Simulator scenarios: the real flume-hdfs bundle, deployed with the stand-in Flume tarball, beside
// fake-hadoop-plugin (writes whatever databag a test gives it) and fake-agent (a flume-agent requirer).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCharm } from '@flume-charms/charm-build';
import { Model } from '@flume-charms/juju-sim';
import { makeStandinFlumeTarball } from '@flume-charms/tests';

export const CHARM_DIR = path.join(__dirname, '..', '..');
export const FAKE_PLUGIN = path.join(__dirname, '..', 'charms', 'fake-hadoop-plugin');
export const FAKE_AGENT = path.join(__dirname, '..', 'charms', 'fake-agent');
export const APP = 'flume-hdfs';
export const UNIT = 'flume-hdfs/0';
export const SERVICE = 'flume-flume-hdfs';
export const CONF_DIR = '/etc/flume/flume-hdfs';
export const FLUME_CONF = `${CONF_DIR}/flume.conf`;
export const HDFS_SITE = `${CONF_DIR}/hdfs-site.xml`;

export type Databag = Record<string, string>;
export type Config = Record<string, string | number>;

export const HADOOP_READY: Databag = {
  installed: 'True',
  version: '3.3.6',
  'hdfs-ready': 'True',
  'hdfs-namenodes': '["namenode-0.example"]',
  'hdfs-port': '8020',
};

let built: Promise<string> | undefined;
let buildDir: string | undefined;

/** Builds the charm once per test file, into a temporary directory removed after the file's tests. */
export function builtCharm(): Promise<string> {
  if (!built) {
    buildDir = mkdtempSync(path.join(tmpdir(), 'flume-hdfs-build-'));
    built = buildCharm({ charmDir: CHARM_DIR, outDir: buildDir }).then((r) => r.charmTree);
  }
  return built;
}

// A top-level hook of every test file that imports this module.
afterAll(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

const trackedModels: Model[] = [];

/** Keeps a model to destroy after the test file's tests (a top-level hook of every file importing this module). */
export function track(model: Model): Model {
  trackedModels.push(model);
  return model;
}

/** Destroys a tracked model now (long loops of trials keep only one alive). */
export async function release(model: Model): Promise<void> {
  trackedModels.splice(trackedModels.indexOf(model), 1);
  await model.destroy();
}

afterAll(async () => {
  for (const model of trackedModels.splice(0)) await model.destroy();
});

let tarball: Promise<string> | undefined;
export function standinTarball(): Promise<string> {
  tarball ??= makeStandinFlumeTarball();
  return tarball;
}

export interface DeployOptions {
  config?: Config;
  /** false: deploy without the flume resource. A path: that file as the resource. */
  resource?: false | string;
}

/** A model with flume-hdfs deployed (one unit, settled). */
export async function deploySink(options: DeployOptions = {}): Promise<Model> {
  const model = await Model.create();
  const resource = options.resource === undefined ? await standinTarball() : options.resource;
  await model.deploy(await builtCharm(), {
    name: APP,
    config: options.config ?? {},
    resources: resource === false ? {} : { flume: resource },
  });
  await model.settle();
  return model;
}

/** Deploys fake-hadoop-plugin with `databag` and relates it to flume-hdfs:hadoop. */
export async function relateHadoop(model: Model, databag: Databag = HADOOP_READY): Promise<number> {
  await model.deploy(FAKE_PLUGIN, { name: 'hadoop-plugin', config: { databag: JSON.stringify(databag) } });
  const id = model.relate(`${APP}:hadoop`, 'hadoop-plugin:hadoop-plugin');
  await model.settle();
  return id;
}

export async function setHadoopData(model: Model, databag: Databag): Promise<void> {
  model.config('hadoop-plugin', { databag: JSON.stringify(databag) });
  await model.settle();
}

/** Deploys fake-agent (APP) and relates it to flume-hdfs:flume-agent. */
export async function relateAgent(model: Model, app = 'flume-syslog'): Promise<number> {
  await model.deploy(FAKE_AGENT, { name: app });
  const id = model.relate(`${APP}:flume-agent`, `${app}:flume-agent`);
  await model.settle();
  return id;
}

/** The sink with HDFS ready and an agent related: the normal running state. */
export async function runningSink(config: Config = {}): Promise<Model> {
  const model = await deploySink({ config });
  await relateHadoop(model);
  await relateAgent(model);
  return model;
}

export function workload(model: Model, unit = UNIT): { status: string; message: string } {
  const { status, message } = model.unitStatus(unit).workload;
  return { status, message };
}

export function flumeConf(model: Model, unit = UNIT): string {
  return model.unitFile(unit, FLUME_CONF);
}

export function ports(model: Model, unit = UNIT): readonly string[] {
  for (const app of model.status().applications) {
    const found = app.units.find((u) => u.name === unit);
    if (found) return found.ports;
  }
  throw new Error(`no unit ${unit} in status`);
}

export async function configure(model: Model, values: Config): Promise<void> {
  model.config(APP, values);
  await model.settle();
}

/** The `key = value` keys of a flume.conf, in file order. */
export function confKeys(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(' = ')[0] as string);
}
