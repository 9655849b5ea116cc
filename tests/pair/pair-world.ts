// The harness of the pair scenarios, in the style of Scenario (canonical/operator testing/):
// a declarative State in (which applications, their config, their relations), an event, a State out
// (every unit's status, rendered flume.conf read back as a flow, and Flume service).
// Every state it observes checks every rendered flume.conf with packages/flume's checker: a scenario
// cannot pass while a unit holds a config that Flume would silently mangle.
import { resolve } from 'node:path';
import { checkFlumeConfig } from '@flume-charms/flume';
import { Model, type ConfigInput, type HookRun, type StatusValue } from '@flume-charms/juju-sim';
import { buildCharmsForTests, makeStandinFlumeTarball, readFlumeFlow, type BuiltCharms, type FlumeFlow } from '../support';

export const SINK = 'flume-hdfs';
export const AGENT = 'flume-syslog';
/** The charms a state may deploy: the two real ones, built from source, and the Python-sink stand-in. */
export type CharmName = typeof SINK | typeof AGENT | 'python-sink';

const PYTHON_SINK_TREE = resolve(__dirname, 'charms/python-sink');

export interface AppSpec {
  readonly charm: CharmName;
  readonly units?: number;
  readonly config?: Readonly<Record<string, ConfigInput>>;
}

/** The State in: applications by name, and the flume-agent relations as [agent app, sink app] pairs. */
export interface PairState {
  readonly apps: Readonly<Record<string, AppSpec>>;
  readonly relations?: ReadonlyArray<readonly [agent: string, sink: string]>;
}

/** One unit as the State out sees it. */
export interface UnitView {
  readonly name: string;
  readonly app: string;
  readonly address: string;
  readonly workload: StatusValue;
  readonly ports: readonly string[];
  /** /etc/flume/APP/flume.conf, undefined while none is rendered. */
  readonly conf: string | undefined;
  readonly flow: FlumeFlow | undefined;
  /** The unit's committed databag in each relation of its application, by relation id. */
  readonly databags: ReadonlyMap<number, Readonly<Record<string, string>>>;
  /** The fake systemd's flume-APP service, undefined until the charm loaded it. */
  readonly service: { readonly active: boolean; readonly starts: number } | undefined;
}

/** The State out: every unit that is not removed. */
export class Observed {
  constructor(
    readonly units: ReadonlyMap<string, UnitView>,
    private readonly appStatuses: ReadonlyMap<string, StatusValue>,
  ) {}

  /** The application's status, as `juju status` shows it. */
  status(app: string): StatusValue {
    const status = this.appStatuses.get(app);
    if (!status) throw new Error(`no application ${app} in the model`);
    return status;
  }

  unit(name: string): UnitView {
    const view = this.units.get(name);
    if (!view) throw new Error(`no unit ${name} in the model (units: ${[...this.units.keys()].join(', ')})`);
    return view;
  }

  /** The unit's databag in its application's only relation. */
  published(name: string): Readonly<Record<string, string>> {
    const bags = [...this.unit(name).databags.values()];
    if (bags.length !== 1) throw new Error(`${name} is in ${bags.length} relations; name the relation id`);
    return bags[0] as Readonly<Record<string, string>>;
  }

  appUnits(app: string): UnitView[] {
    return [...this.units.values()].filter((unit) => unit.app === app);
  }
}

/** What an event did: the state before and after, and the hooks that ran for it. */
export interface Transition {
  readonly before: Observed;
  readonly after: Observed;
  readonly hooks: readonly HookRun[];
  /** How many times the unit's Flume service (re)started during the event. */
  starts(unit: string): number;
}

/** Something that happens to the model: a juju command. Its result is ignored; the world settles after it. */
export type PairEvent = (model: Model) => unknown;

/** The flume.conf path and the service of an application, as packages/flume lays them out. */
export const confPath = (app: string): string => `/etc/flume/${app}/flume.conf`;
export const serviceOf = (app: string): string => `flume-${app}`;

/** Builds the two charms once per test file (beforeAll) and removes the build afterwards. */
export function usePairCharms(): () => BuiltCharms {
  let built: BuiltCharms | undefined;
  beforeAll(async () => {
    built = await buildCharmsForTests([SINK, AGENT]);
  }, 60_000);
  afterAll(async () => built?.cleanup());
  return () => {
    if (!built) throw new Error('the pair charms are not built yet (use the getter inside a test or beforeAll)');
    return built;
  };
}

export class PairWorld {
  private constructor(
    readonly model: Model,
    private readonly charms: BuiltCharms,
    private readonly tarball: string,
  ) {}

  /** Deploys the State in, relates it, and settles. */
  static async arrange(charms: BuiltCharms, state: PairState): Promise<PairWorld> {
    const model = await Model.create({ concurrency: 2 });
    try {
      const world = new PairWorld(model, charms, await makeStandinFlumeTarball());
      for (const [name, spec] of Object.entries(state.apps)) await world.deploy(name, spec);
      for (const [agent, sink] of state.relations ?? []) model.relate(`${agent}:flume-agent`, `${sink}:flume-agent`);
      await world.settle();
      return world;
    } catch (error) {
      await model.destroy();
      throw error;
    }
  }

  async deploy(name: string, spec: AppSpec): Promise<void> {
    const real = spec.charm !== 'python-sink';
    const tree = real ? this.charms.trees[spec.charm] : PYTHON_SINK_TREE;
    if (!tree) throw new Error(`charm ${spec.charm} was not built`);
    await this.model.deploy(tree, {
      name,
      units: spec.units ?? 1,
      config: spec.config ?? {},
      resources: real ? { flume: this.tarball } : {},
    });
  }

  /** Runs the event, settles the model, and returns the transition; a failed hook fails the step. */
  async when(event: PairEvent): Promise<Transition> {
    const before = this.observe();
    const firstHook = this.model.hookRuns.length;
    await event(this.model);
    await this.settle();
    const after = this.observe();
    return {
      before,
      after,
      hooks: this.model.hookRuns.slice(firstHook),
      starts: (unit) => (after.unit(unit).service?.starts ?? 0) - (before.units.get(unit)?.service?.starts ?? 0),
    };
  }

  /** The State out; throws when any unit's rendered flume.conf fails the checker. */
  observe(): Observed {
    const units = new Map<string, UnitView>();
    const applications = this.model.status().applications;
    for (const app of applications) {
      for (const unit of app.units) {
        const conf = this.readConf(unit.name, app.name);
        const service = this.model.service(unit.name, serviceOf(app.name));
        units.set(unit.name, {
          name: unit.name,
          app: app.name,
          address: unit.address,
          workload: unit.workload,
          ports: unit.ports,
          conf,
          flow: conf === undefined ? undefined : readFlumeFlow(conf),
          databags: new Map(this.model.relationIds(app.name).map((id) => [id, this.model.relationData(id, unit.name)] as const)),
          service: service && { active: service.activeState === 'active', starts: service.starts },
        });
      }
    }
    return new Observed(units, new Map(applications.map((app) => [app.name, app.status] as const)));
  }

  async destroy(): Promise<void> {
    await this.model.destroy();
  }

  private readConf(unit: string, app: string): string | undefined {
    let conf: string;
    try {
      conf = this.model.unitFile(unit, confPath(app));
    } catch {
      return undefined;
    }
    const result = checkFlumeConfig(conf, readFlumeFlow(conf).agent);
    if (!result.ok) {
      const errors = result.errors.map((e) => `  ${e.component}: ${e.message}`).join('\n');
      throw new Error(`${unit}: the rendered ${confPath(app)} fails the checker:\n${errors}\n--- flume.conf ---\n${conf}`);
    }
    return conf;
  }

  private async settle(): Promise<void> {
    const result = await this.model.settle();
    if (result.errors.length === 0) return;
    const details = result.errors.map(({ unit, hook }) => {
      const run = [...this.model.hookRuns].reverse().find((r) => r.unit === unit && r.hook === hook && !r.ok);
      return `${unit} failed hook "${hook}":\n${(run?.stderr ?? '').trim().split('\n').slice(-15).join('\n')}`;
    });
    throw new Error(`hook failure while settling:\n${details.join('\n\n')}`);
  }
}

/** Arranges a world for one describe (beforeAll) and destroys it afterwards; the getter gives it to tests. */
export function useWorld(charms: () => BuiltCharms, state: PairState): () => PairWorld {
  let world: PairWorld | undefined;
  beforeAll(async () => {
    world = await PairWorld.arrange(charms(), state);
  }, 60_000);
  afterAll(async () => world?.destroy());
  return () => {
    if (!world) throw new Error('the world was not arranged (its beforeAll failed?)');
    return world;
  };
}
