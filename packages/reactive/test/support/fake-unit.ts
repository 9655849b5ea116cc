// One unit of a charm run in-process by runHook(), with a fake of Juju's hook tools injected as the ToolRunner:
// unit and application databags, remote units, every tool call recorded (so a test can count what a hook costs).
// Like Juju, relation-set takes effect only when the hook exits 0. Test code only: no src file imports it, so no
// charm bundle includes it; the interface packages' tests import it by relative path.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookToolError, runHook, type Databag, type HookOutcome, type Json, type ToolCall, type ToolRunner } from '../../src';
import { option, positional } from './tool-args';

interface FakeRelation {
  readonly app: string;
  /** Remote units and their databags, as relation-list / relation-get see them. */
  readonly units: Map<string, Databag>;
  /** The remote application's databag (tls-certificates providers answer in theirs). */
  appData: Databag;
  /** This unit's databag in the relation (what the remote side would read). */
  readonly local: Databag;
}

/** A remote unit's databag as Juju fills it: its addresses, plus what its charm set. */
export function remoteBag(unit: string, data: Databag = {}): Databag {
  const address = `10.1.0.${Number(unit.split('/')[1]) + 10}`;
  return { 'private-address': address, 'ingress-address': address, 'egress-subnets': `${address}/32`, ...data };
}

/** The relation a relation hook runs for: a remote unit, or only the remote app (app-databag change, broken). */
export interface RelationHook {
  readonly relationId: string;
  readonly remoteUnit?: string;
  readonly remoteApp?: string;
  readonly departingUnit?: string;
}

export class FakeUnit {
  readonly charmDir = mkdtempSync(join(tmpdir(), 'fake-unit-'));
  readonly relations = new Map<string, FakeRelation>();
  config: Record<string, Json> = {};
  /** Every tool call of the last hook. */
  calls: ToolCall[] = [];
  readonly statuses: Array<{ status: string; message: string }> = [];
  readonly logs: string[] = [];
  /** Relation changes of the running hook: applied only if it succeeds, as Juju commits them. */
  private pendingSets: Array<() => void> = [];

  constructor(readonly unitName: string) {}

  cleanup(): void {
    rmSync(this.charmDir, { recursive: true, force: true });
  }

  get lastStatus(): { status: string; message: string } | undefined {
    return this.statuses[this.statuses.length - 1];
  }

  /** The unit state file as the last successful hook left it. */
  state(): { flags: string[]; kv: Record<string, Json> } {
    return JSON.parse(readFileSync(join(this.charmDir, '.unit-state.json'), 'utf8')) as { flags: string[]; kv: Record<string, Json> };
  }

  flags(): string[] {
    return this.state().flags;
  }

  local(relationId: string): Databag {
    return { ...(this.relations.get(relationId)?.local ?? {}) };
  }

  callsOf(tool: string): ToolCall[] {
    return this.calls.filter((call) => call.tool === tool);
  }

  /** Run one hook; relation hooks name their relation and remote unit (or app). */
  async run(hook: string, relation?: RelationHook): Promise<HookOutcome> {
    this.calls = [];
    this.pendingSets = [];
    const env: Record<string, string> = {
      JUJU_UNIT_NAME: this.unitName,
      JUJU_CHARM_DIR: this.charmDir,
      JUJU_DISPATCH_PATH: `hooks/${hook}`,
      JUJU_HOOK_NAME: hook,
      JUJU_MODEL_NAME: 'test',
    };
    if (relation) {
      env.JUJU_RELATION = relationName(relation.relationId);
      env.JUJU_RELATION_ID = relation.relationId;
      env.JUJU_REMOTE_APP = relation.remoteApp ?? (relation.remoteUnit?.split('/')[0] as string);
      if (relation.remoteUnit) env.JUJU_REMOTE_UNIT = relation.remoteUnit;
      if (relation.departingUnit) env.JUJU_DEPARTING_UNIT = relation.departingUnit;
    }
    const outcome = await runHook({ env, runner: this.runner, trace: () => undefined });
    if (outcome.exitCode === 0) for (const apply of this.pendingSets) apply();
    this.pendingSets = [];
    return outcome;
  }

  /** Run a hook that must succeed. */
  async runOk(hook: string, relation?: RelationHook): Promise<HookOutcome> {
    const outcome = await this.run(hook, relation);
    if (outcome.exitCode !== 0) throw new Error(`hook ${hook} failed: ${String(outcome.error)}`);
    return outcome;
  }

  /** A remote unit joins (relation created if needed): relation-joined then relation-changed, as Juju runs them. */
  async join(relationId: string, unit: string, data: Databag = {}): Promise<void> {
    const relation = this.relations.get(relationId) ?? { app: unit.split('/')[0] as string, units: new Map(), appData: {}, local: {} };
    this.relations.set(relationId, relation);
    relation.units.set(unit, remoteBag(unit, data));
    await this.runOk(`${relationName(relationId)}-relation-joined`, { relationId, remoteUnit: unit });
    await this.runOk(`${relationName(relationId)}-relation-changed`, { relationId, remoteUnit: unit });
  }

  /** A remote unit sets new data (whole bag, Juju addresses kept unless `replace`) and relation-changed runs. */
  async change(relationId: string, unit: string, data: Databag, replace = false): Promise<HookOutcome> {
    const relation = this.relations.get(relationId);
    if (!relation?.units.has(unit)) throw new Error(`${unit} is not in ${relationId}`);
    relation.units.set(unit, replace ? { ...data } : remoteBag(unit, data));
    return this.run(`${relationName(relationId)}-relation-changed`, { relationId, remoteUnit: unit });
  }

  /** The remote leader writes its app databag (whole bag); relation-changed runs with only the app set, as in Juju 3. */
  async changeApp(relationId: string, data: Databag): Promise<HookOutcome> {
    const relation = this.relations.get(relationId);
    if (!relation) throw new Error(`no relation ${relationId}`);
    relation.appData = { ...data };
    return this.run(`${relationName(relationId)}-relation-changed`, { relationId, remoteApp: relation.app });
  }

  /** A remote unit leaves: it is gone from relation-list when relation-departed runs. */
  async depart(relationId: string, unit: string): Promise<void> {
    this.relations.get(relationId)?.units.delete(unit);
    await this.runOk(`${relationName(relationId)}-relation-departed`, { relationId, remoteUnit: unit, departingUnit: unit });
  }

  /** The relation is removed: every unit departs, then relation-broken runs (remote app only), then it is gone. */
  async breakRelation(relationId: string): Promise<void> {
    const relation = this.relations.get(relationId);
    if (!relation) throw new Error(`no relation ${relationId}`);
    for (const unit of [...relation.units.keys()]) await this.depart(relationId, unit);
    await this.runOk(`${relationName(relationId)}-relation-broken`, { relationId, remoteApp: relation.app });
    this.relations.delete(relationId);
  }

  private relation(args: readonly string[]): FakeRelation {
    const id = option(args, '-r');
    const relation = id === undefined ? undefined : this.relations.get(id);
    if (!relation) throw new HookToolError('relation', args, 2, `ERROR invalid value "${id}" for option -r: relation not found`);
    return relation;
  }

  readonly runner: ToolRunner = async (call) => {
    this.calls.push(call);
    const { tool, args, input } = call;
    const json = (value: Json): string => `${JSON.stringify(value)}\n`;
    const pos = positional(args);
    switch (tool) {
      case 'config-get':
        return json(this.config);
      case 'relation-ids':
        return json([...this.relations.keys()].filter((id) => id.startsWith(`${pos[0]}:`)));
      case 'relation-list': {
        const relation = this.relation(args);
        return args.includes('--app') ? json(relation.app) : json([...relation.units.keys()]);
      }
      case 'relation-get': {
        const relation = this.relation(args);
        const [key, name] = pos as [string, string];
        const bag = args.includes('--app') ? (name === relation.app ? relation.appData : {}) : (relation.units.get(name) ?? {});
        return key === '-' ? json(bag) : json(bag[key] ?? null);
      }
      case 'relation-set': {
        const relation = this.relation(args);
        // The charms under test never write an app databag; a call that does is a bug the test should see.
        if (args.includes('--app')) throw new HookToolError(tool, args, 1, 'ERROR the fake unit has no app databag of its own');
        const changes = JSON.parse(input ?? '{}') as Databag;
        this.pendingSets.push(() => {
          for (const [key, value] of Object.entries(changes)) {
            if (value === '') delete relation.local[key];
            else relation.local[key] = value;
          }
        });
        return '';
      }
      case 'status-set': {
        const [status = '', message = ''] = pos;
        this.statuses.push({ status, message });
        return '';
      }
      case 'juju-log':
        this.logs.push(pos.join(' '));
        return '';
      default:
        throw new HookToolError(tool, args, 1, `ERROR the fake has no ${tool}`);
    }
  };
}

function relationName(relationId: string): string {
  return relationId.split(':')[0] as string;
}
