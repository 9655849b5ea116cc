// A small fake of Juju's hook tools, injected as the ToolRunner. It answers in jujuc's formats and records calls.
// For reactive's own tests: writes apply at once and there is no hook run (fake-unit.ts runs whole hooks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HookToolError } from '../../src/errors';
import type { ToolCall, ToolRunner } from '../../src/hookcmds/run';
import type { Databag, Json } from '../../src/json';
import { option, positional } from './tool-args';

export interface FakeRelation {
  app: string;
  units: Record<string, Databag>;
  appData: Databag;
  /** What this unit has set (applied at once; the fake has no hook commit). */
  local: Databag;
  localApp: Databag;
}

export class FakeJuju {
  readonly calls: ToolCall[] = [];
  config: Record<string, Json> = {};
  leader = false;
  relations: Record<string, FakeRelation> = {};
  statuses: Array<{ status: string; message: string; application: boolean }> = [];
  logs: Array<{ level: string; message: string }> = [];
  actionParams: Record<string, Json> = {};
  actionResults: string[] = [];
  actionFailures: string[] = [];
  /** Make a tool fail: return an error for calls that should fail. */
  failWhen: ((call: ToolCall) => boolean) | undefined;

  relate(relationId: string, app: string, units: Record<string, Databag> = {}): FakeRelation {
    const relation: FakeRelation = { app, units, appData: {}, local: {}, localApp: {} };
    this.relations[relationId] = relation;
    return relation;
  }

  callsOf(tool: string): ToolCall[] {
    return this.calls.filter((c) => c.tool === tool);
  }

  /** Calls as shell-ish lines, for readable assertions. */
  commandLines(): string[] {
    return this.calls.map((c) => [c.tool, ...c.args].join(' '));
  }

  reset(): void {
    this.calls.length = 0;
  }

  readonly runner: ToolRunner = async (call) => {
    this.calls.push(call);
    if (this.failWhen?.(call)) throw new HookToolError(call.tool, call.args, 1, `ERROR ${call.tool} failed (fake)`);
    return this.answer(call);
  };

  private relation(args: readonly string[]): FakeRelation {
    const id = option(args, '-r');
    const relation = id === undefined ? undefined : this.relations[id];
    if (!relation) throw new HookToolError('relation-*', args, 2, `ERROR invalid value "${id}" for option -r: relation not found`);
    return relation;
  }

  private answer({ tool, args, input }: ToolCall): string {
    const json = (value: Json): string => `${JSON.stringify(value)}\n`;
    const pos = positional(args);
    switch (tool) {
      case 'config-get':
        return json(this.config);
      case 'is-leader':
        return json(this.leader);
      case 'relation-ids':
        return json(Object.keys(this.relations).filter((id) => id.startsWith(`${pos[0]}:`)));
      case 'relation-list': {
        const relation = this.relation(args);
        return args.includes('--app') ? json(relation.app) : json(Object.keys(relation.units).sort());
      }
      case 'relation-get': {
        const relation = this.relation(args);
        const [key, who] = pos as [string, string];
        const bag = args.includes('--app') ? relation.appData : (relation.units[who] ?? {});
        return key === '-' ? json(bag) : json(bag[key] ?? null);
      }
      case 'relation-set': {
        const relation = this.relation(args);
        const target = args.includes('--app') ? relation.localApp : relation.local;
        for (const [k, v] of Object.entries(JSON.parse(input ?? '{}') as Databag)) {
          if (v === '') delete target[k];
          else target[k] = v;
        }
        return '';
      }
      case 'status-set': {
        const [status = '', message = ''] = pos;
        this.statuses.push({ status, message, application: args.includes('--application') });
        return '';
      }
      case 'juju-log':
        this.logs.push({ level: option(args, '--log-level') ?? 'INFO', message: pos.join(' ') });
        return '';
      case 'action-get':
        return json(this.actionParams);
      case 'action-set':
        this.actionResults.push(...args);
        return '';
      case 'action-fail':
        this.actionFailures.push(pos[0] ?? '');
        return '';
      default:
        return '';
    }
  }
}

const tempCharmDirs: string[] = [];
// Every test file that imports this module removes the charm dirs it made once its tests are done.
afterAll(() => {
  for (const dir of tempCharmDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempCharmDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reactive-test-'));
  tempCharmDirs.push(dir);
  return dir;
}

/** The environment Juju gives a hook; `hook` may be 'NAME-relation-changed' with `relation` extras. */
export function hookEnv(charmDir: string, hook: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    JUJU_UNIT_NAME: 'sink/0',
    JUJU_CHARM_DIR: charmDir,
    JUJU_DISPATCH_PATH: `hooks/${hook}`,
    JUJU_MODEL_NAME: 'test',
    ...extra,
  };
}

export function relationEnv(relationId: string, remoteUnit: string): Record<string, string> {
  return {
    JUJU_RELATION: relationId.split(':')[0] as string,
    JUJU_RELATION_ID: relationId,
    JUJU_REMOTE_UNIT: remoteUnit,
    JUJU_REMOTE_APP: remoteUnit.split('/')[0] as string,
  };
}
