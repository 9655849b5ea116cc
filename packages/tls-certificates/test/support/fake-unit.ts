// One unit of a charm run in-process by reactive's runHook(), with a fake of Juju's hook tools that knows
// application databags (tls-certificates providers answer in theirs). Like Juju, relation-set takes effect only
// when the hook exits 0. Every tool call is recorded, so a test can count what a hook costs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookToolError, runHook, type Databag, type HookOutcome, type hookcmds, type Json } from '@flume-charms/reactive';

type ToolCall = hookcmds.ToolCall;
type ToolRunner = hookcmds.ToolRunner;

interface FakeRelation {
  readonly app: string;
  readonly units: Map<string, Databag>;
  appData: Databag;
  /** This unit's databag (what the provider reads). */
  readonly local: Databag;
}

function option(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

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

export class FakeUnit {
  readonly charmDir = mkdtempSync(join(tmpdir(), 'tls-certificates-test-'));
  readonly relations = new Map<string, FakeRelation>();
  calls: ToolCall[] = [];
  readonly statuses: Array<{ status: string; message: string }> = [];
  private pendingSets: Array<() => void> = [];

  constructor(readonly unitName: string) {}

  cleanup(): void {
    rmSync(this.charmDir, { recursive: true, force: true });
  }

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

  async run(hook: string, relation?: { relationId: string; remoteUnit?: string; remoteApp?: string }): Promise<HookOutcome> {
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
      env.JUJU_REMOTE_APP = relation.remoteApp ?? (relation.remoteUnit?.split('/')[0] as string);
      if (relation.remoteUnit) env.JUJU_REMOTE_UNIT = relation.remoteUnit;
    }
    const outcome = await runHook({ env, runner: this.runner, trace: () => undefined });
    if (outcome.exitCode === 0) for (const apply of this.pendingSets) apply();
    this.pendingSets = [];
    return outcome;
  }

  async runOk(hook: string, relation?: { relationId: string; remoteUnit?: string; remoteApp?: string }): Promise<HookOutcome> {
    const outcome = await this.run(hook, relation);
    if (outcome.exitCode !== 0) throw new Error(`hook ${hook} failed: ${String(outcome.error)}`);
    return outcome;
  }

  /** A provider unit joins: relation-joined, then relation-changed. */
  async join(relationId: string, unit: string): Promise<void> {
    const app = unit.split('/')[0] as string;
    const relation = this.relations.get(relationId) ?? { app, units: new Map(), appData: {}, local: {} };
    this.relations.set(relationId, relation);
    relation.units.set(unit, { 'private-address': '198.18.0.9' });
    const name = relationId.split(':')[0] as string;
    await this.runOk(`${name}-relation-joined`, { relationId, remoteUnit: unit });
    await this.runOk(`${name}-relation-changed`, { relationId, remoteUnit: unit });
  }

  /** The provider's leader writes its app databag (whole bag); relation-changed runs with only the app set, as in Juju 3. */
  async changeApp(relationId: string, data: Databag): Promise<HookOutcome> {
    const relation = this.relations.get(relationId);
    if (!relation) throw new Error(`no relation ${relationId}`);
    relation.appData = { ...data };
    return this.run(`${relationId.split(':')[0]}-relation-changed`, { relationId, remoteApp: relation.app });
  }

  async breakRelation(relationId: string): Promise<void> {
    const relation = this.relations.get(relationId);
    if (!relation) throw new Error(`no relation ${relationId}`);
    const name = relationId.split(':')[0] as string;
    for (const unit of [...relation.units.keys()]) {
      relation.units.delete(unit);
      await this.runOk(`${name}-relation-departed`, { relationId, remoteUnit: unit });
    }
    await this.runOk(`${name}-relation-broken`, { relationId, remoteApp: relation.app });
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
        return json({});
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
        if (args.includes('--app')) throw new HookToolError(tool, args, 1, 'ERROR the requirer never writes its app databag here');
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
        return '';
      default:
        throw new HookToolError(tool, args, 1, `ERROR the fake has no ${tool}`);
    }
  };
}
