// juju-log, unit-get, network-get, resource-get: the unit's log, addresses and attached resources.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { goStruct } from '../go-format';
import { boolOption, checkEmpty, OUTPUT_OPTIONS, parseArgs, stringOption } from './flags';
import { writeOutput, type HookTool } from './hook-tool';
import { CommandError, ok, usageError } from './tool-result';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

export const jujuLog: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, [
    { names: ['debug'], kind: 'bool' },
    { names: ['l', 'log-level'], kind: 'string' },
    { names: ['format'], kind: 'string' },
  ]);
  if (parsed.args.length === 0) throw usageError('no message specified');
  let level = boolOption(parsed, 'debug') ? 'DEBUG' : (stringOption(parsed, 'l') ?? 'INFO').toUpperCase();
  if (level === 'WARN') level = 'WARNING';
  if (!LEVELS.includes(level)) level = 'INFO';
  const prefix = ctx.event.relationId !== undefined ? `${ctx.event.relationName}:${ctx.event.relationId}: ` : '';
  ctx.store.logs.push({ unit: ctx.unit.name, hook: ctx.hookName, level, message: prefix + parsed.args.join(' ') });
  return ok();
};

export const unitGet: HookTool = (call) => {
  const parsed = parseArgs(call.args, OUTPUT_OPTIONS);
  const [setting, ...rest] = parsed.args;
  if (setting === undefined) throw usageError('no setting specified');
  if (setting !== 'private-address' && setting !== 'public-address') throw usageError(`unknown setting "${setting}"`);
  checkEmpty(rest);
  return writeOutput(call, parsed, call.ctx.unit.address);
};

export const networkGet: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, [
    ...OUTPUT_OPTIONS,
    { names: ['primary-address'], kind: 'bool' },
    { names: ['bind-address'], kind: 'bool' },
    { names: ['ingress-address'], kind: 'bool' },
    { names: ['egress-subnets'], kind: 'bool' },
    {
      names: ['r', 'relation'],
      kind: 'string',
      parse: (v) => {
        const id = v.includes(':') ? v.slice(v.lastIndexOf(':') + 1) : v;
        if (!/^\d+$/.test(id)) throw new Error('invalid relation id');
        if (!ctx.visibleRelation(Number(id))) throw new Error('relation not found');
        return id;
      },
    },
  ]);
  const [binding, ...rest] = parsed.args;
  if (binding === undefined) throw usageError('no arguments specified');
  if (binding === '') throw usageError('no binding name specified');
  checkEmpty(rest);
  if (!ctx.app.meta.endpoints.has(binding)) throw new CommandError(`no network config found for binding "${binding}"`);
  const address = ctx.unit.address;
  const egress = [`${address}/32`];
  // Recording mode: loopback aliases; real-machine mode: eth0 of the unit's namespace, on the model's /24.
  const loopback = address.startsWith('127.');
  const iface = loopback ? 'lo' : 'eth0';
  const cidr = loopback ? '127.0.1.0/24' : `${address.split('.').slice(0, 3).join('.')}.0/24`;
  const keys = (['bind-address', 'ingress-address', 'egress-subnets'] as const).filter((k) => boolOption(parsed, k));
  if (boolOption(parsed, 'primary-address')) {
    if (keys.length) throw new CommandError('--primary-address must be the only flag specified');
    return writeOutput(call, parsed, address);
  }
  if (keys.length === 0) {
    return writeOutput(
      call,
      parsed,
      goStruct({
        'bind-addresses': [goStruct({ 'mac-address': '', 'interface-name': iface, addresses: [goStruct({ hostname: '', value: address, cidr })] })],
        'egress-subnets': egress,
        'ingress-addresses': [address],
      }),
    );
  }
  const values: Record<string, unknown> = { 'bind-address': address, 'ingress-address': address, 'egress-subnets': egress };
  if (keys.length === 1) return writeOutput(call, parsed, values[keys[0] as string]);
  return writeOutput(call, parsed, Object.fromEntries(keys.map((k) => [k, values[k]])));
};

export const resourceGet: HookTool = (call) => {
  const { ctx } = call;
  const parsed = parseArgs(call.args, []);
  const [name, ...rest] = parsed.args;
  if (name === undefined) throw usageError('missing required resource name');
  checkEmpty(rest);
  const source = ctx.app.resources.get(name);
  const meta = ctx.app.meta.resources.get(name);
  if (!meta) throw new CommandError(`could not download resource: resource "${name}" not found`);
  if (!source || !existsSync(source)) {
    throw new CommandError(`could not download resource: resource#${ctx.unit.app}/${name} not found`);
  }
  const dir = join(ctx.unit.dir, 'resources', name);
  const target = join(dir, meta.filename ?? basename(source));
  // Re-copied when the attached file changed (attach-resource, upgrade-charm), as Juju re-syncs it.
  const stale = !existsSync(target) || statSync(target).size !== statSync(source).size || statSync(target).mtimeMs < statSync(source).mtimeMs;
  if (stale) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(source, target);
  }
  return ok(target);
};
