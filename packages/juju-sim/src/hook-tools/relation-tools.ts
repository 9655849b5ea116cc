// relation-get, relation-set, relation-ids, relation-list: as jujuc's, reading committed remote data and
// buffering this unit's writes until the hook succeeds.
import type { HookContext } from '../hook-context';
import { isPeer, localEndpoint, relationKey, remoteApp } from '../model-state';
import { boolOption, checkEmpty, OUTPUT_OPTIONS, parseArgs, parseKeyValues, stringOption, type OptionSpec } from './flags';
import { readSettingsFile, writeOutput, type HookTool } from './hook-tool';
import { CommandError, usageError } from './tool-result';

const UNIT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*\/\d+$/;
const APP_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;

/** -r/--relation: "name:ID" or "ID", checked against the relations the unit is in (NewRelationIdValue). */
function relationOption(ctx: HookContext): OptionSpec {
  return {
    names: ['r', 'relation'],
    kind: 'string',
    parse: (value) => {
      const idText = value.includes(':') ? value.slice(value.lastIndexOf(':') + 1) : value;
      if (!/^\d+$/.test(idText)) throw new Error('invalid relation id');
      if (!ctx.visibleRelation(Number(idText))) throw new Error('relation not found');
      return idText;
    },
  };
}

function relationId(ctx: HookContext, value: string | undefined): number {
  const id = value === undefined ? ctx.defaultRelationId : Number(value);
  if (id === -1) throw usageError('no relation id specified');
  return id;
}

export const relationGet: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, [...OUTPUT_OPTIONS, relationOption(ctx), { names: ['app'], kind: 'bool' }]);
  const id = relationId(ctx, stringOption(parsed, 'r'));
  const args = [...parsed.args];
  let key = args.shift() ?? '';
  if (key === '-') key = '';
  let app = boolOption(parsed, 'app');
  let target: string;
  const supplied = args.shift();
  if (supplied !== undefined) {
    if (app) target = UNIT_NAME.test(supplied) ? (supplied.split('/')[0] as string) : supplied;
    else if (UNIT_NAME.test(supplied)) target = supplied;
    else if (APP_NAME.test(supplied)) throw usageError(`expected unit name, got application name "${supplied}"`);
    else throw usageError(`invalid unit name "${supplied}"`);
  } else if (app) {
    if (!ctx.event.remoteApp) throw usageError('no unit or application specified');
    target = ctx.event.remoteApp;
  } else if (ctx.event.remoteUnit) {
    target = ctx.event.remoteUnit;
  } else if (ctx.event.remoteApp) {
    target = ctx.event.remoteApp;
    app = true;
  } else throw usageError('no unit or application specified');
  checkEmpty(args);

  const relation = ctx.store.relation(id);
  let settings: Record<string, string>;
  if (!app && target === ctx.unit.name) settings = ctx.ownUnitSettings(id);
  else if (app && target === ctx.unit.app && ctx.isLeader()) settings = ctx.ownAppSettings(id);
  else if (app) {
    const member = relation.endpoints.some((e) => e.app === target);
    const ownAppNonPeer = target === ctx.unit.app && !isPeer(relation);
    if (!member || ownAppNonPeer) {
      throw new CommandError(`cannot read settings for application "${target}" in relation "${relationKey(relation)}": permission denied`);
    }
    settings = { ...(relation.appData.get(target) ?? {}) };
  } else {
    const data = relation.unitData.get(target);
    if (!data) throw new CommandError(`cannot read settings for unit "${target}" in relation "${relationKey(relation)}": unit "${target}": settings not found`);
    settings = { ...data };
  }
  if (key === '') return writeOutput(call, parsed, settings);
  return writeOutput(call, parsed, Object.prototype.hasOwnProperty.call(settings, key) ? settings[key] : null);
};

export const relationSet: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, [
    relationOption(ctx),
    { names: ['file'], kind: 'string' },
    { names: ['app'], kind: 'bool' },
    { names: ['format'], kind: 'string' },
  ]);
  const id = relationId(ctx, stringOption(parsed, 'r'));
  const overrides = parseKeyValues(parsed.args);
  let stderr = '';
  if (stringOption(parsed, 'format') !== undefined) stderr = `--format flag deprecated for command "relation-set"`;
  const file = stringOption(parsed, 'file');
  const settings = file !== undefined ? readSettingsFile(call, file) : new Map<string, string>();
  for (const [k, v] of overrides) settings.set(k, v);
  const app = boolOption(parsed, 'app');
  if (app && !ctx.isLeader()) throw new CommandError('cannot write relation settings');
  const bag = app ? ctx.ownAppSettings(id) : ctx.ownUnitSettings(id);
  for (const [k, v] of settings) {
    if (v === '') delete bag[k];
    else bag[k] = v;
  }
  (app ? ctx.pending.appSettings : ctx.pending.unitSettings).set(id, bag);
  return { code: 0, stdout: '', stderr };
};

export const relationIds: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, OUTPUT_OPTIONS);
  const args = [...parsed.args];
  const name = args.shift() ?? ctx.event.relationName;
  if (name === undefined) throw usageError('no endpoint name specified');
  checkEmpty(args);
  const ids = [...ctx.unit.relations]
    .map((id) => ctx.store.relations.get(id))
    .filter((r) => r !== undefined && localEndpoint(r, ctx.unit.app).endpoint.name === name)
    .map((r) => `${name}:${r?.id}`)
    .sort();
  return writeOutput(call, parsed, ids);
};

export const relationList: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, [...OUTPUT_OPTIONS, relationOption(ctx), { names: ['app'], kind: 'bool' }]);
  const id = relationId(ctx, stringOption(parsed, 'r'));
  checkEmpty(parsed.args);
  const relation = ctx.store.relation(id);
  if (boolOption(parsed, 'app')) return writeOutput(call, parsed, remoteApp(relation, ctx.unit.app));
  const units = [...(ctx.unit.joined.get(id) ?? [])].sort(compareUnitNames);
  return writeOutput(call, parsed, units);
};

/** "app/2" before "app/10", as Juju sorts unit names. */
export function compareUnitNames(a: string, b: string): number {
  const [appA, numA] = a.split('/') as [string, string];
  const [appB, numB] = b.split('/') as [string, string];
  return appA === appB ? Number(numA) - Number(numB) : appA < appB ? -1 : 1;
}

