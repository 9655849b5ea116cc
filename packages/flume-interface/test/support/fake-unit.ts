// One unit of a charm run in-process by reactive's runHook(), with a fake of Juju's hook tools injected as the
// ToolRunner. Like Juju, relation-set only takes effect when the hook exits 0. It records every tool call,
// so tests can count what one hook costs. (Until the juju-sim Model is usable, this is the test bench.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookToolError, runHook, type Databag, type HookOutcome, type hookcmds, type Json } from '@flume-charms/reactive';

type ToolCall = hookcmds.ToolCall;
type ToolRunner = hookcmds.ToolRunner;

interface FakeRelation {
  readonly app: string;
  /** Remote units and their databags, as relation-list / relation-get see them. */
  readonly units: Map<string, Databag>;
  /** This unit's databag in the relation (what the remote side would read). */
  readonly local: Databag;
}

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

/** Positional arguments: skips flags and their values. */
function positional(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-r' || arg === '--file' || arg === '--log-level') i++;
    else if (arg === '--') {
      out.push(...args.slice(i + 1));
      break;
    } else if (arg === '-' || !arg.startsWith('-')) out.push(arg);
  }
  return out;
}

/** A remote unit's databag as Juju fills it: its addresses, plus what its charm set. */
export function remoteBag(unit: string, data: Databag = {}): Databag {
  const address = `10.1.0.${Number(unit.split('/')[1]) + 10}`;
  return { 'private-address': address, 'ingress-address': address, 'egress-subnets': `${address}/32`, ...data };
}

export interface RelationHook {
  readonly relationId: string;
  readonly remoteUnit: string;
  readonly departingUnit?: string;
}

export class FakeUnit {
  readonly charmDir = mkdtempSync(join(tmpdir(), 'flume-interface-test-'));
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

  /** Run one hook; relation hooks name their relation and remote unit. */
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
      env.JUJU_RELATION = relation.relationId.split(':')[0] as string;
      env.JUJU_RELATION_ID = relation.relationId;
      env.JUJU_REMOTE_UNIT = relation.remoteUnit;
      env.JUJU_REMOTE_APP = relation.remoteUnit.split('/')[0] as string;
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
    const relation = this.relations.get(relationId) ?? { app: unit.split('/')[0] as string, units: new Map(), local: {} };
    this.relations.set(relationId, relation);
    relation.units.set(unit, remoteBag(unit, data));
    const name = relationId.split(':')[0] as string;
    await this.runOk(`${name}-relation-joined`, { relationId, remoteUnit: unit });
    await this.runOk(`${name}-relation-changed`, { relationId, remoteUnit: unit });
  }

  /** A remote unit sets new data (whole bag, Juju addresses kept) and relation-changed runs. */
  async change(relationId: string, unit: string, data: Databag, replace = false): Promise<HookOutcome> {
    const relation = this.relations.get(relationId);
    if (!relation?.units.has(unit)) throw new Error(`${unit} is not in ${relationId}`);
    relation.units.set(unit, replace ? { ...data } : remoteBag(unit, data));
    return this.run(`${relationId.split(':')[0]}-relation-changed`, { relationId, remoteUnit: unit });
  }

  /** A remote unit leaves: it is gone from relation-list when relation-departed runs. */
  async depart(relationId: string, unit: string): Promise<void> {
    this.relations.get(relationId)?.units.delete(unit);
    await this.runOk(`${relationId.split(':')[0]}-relation-departed`, { relationId, remoteUnit: unit, departingUnit: unit });
  }

  /** The relation is removed: every unit departs, then relation-broken runs, then the relation is gone. */
  async breakRelation(relationId: string): Promise<void> {
    const relation = this.relations.get(relationId);
    if (!relation) throw new Error(`no relation ${relationId}`);
    for (const unit of [...relation.units.keys()]) await this.depart(relationId, unit);
    await this.runOk(`${relationId.split(':')[0]}-relation-broken`, { relationId, remoteUnit: '' });
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
        const [key, unit] = pos as [string, string];
        const bag = relation.units.get(unit) ?? {};
        return key === '-' ? json(bag) : json(bag[key] ?? null);
      }
      case 'relation-set': {
        const relation = this.relation(args);
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
