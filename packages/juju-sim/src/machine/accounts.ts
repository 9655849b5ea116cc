// Fake getent, useradd, groupadd and chown: accounts live in the unit's MachineState, and chown may only
// touch existing paths inside the unit's root (the CHARM_ROOTFS seam). In real-machine mode chown really
// changes the owner (numeric uid/gid) so that a service running as that account can write there.
import { existsSync, lchownSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fail, type MachineCommand } from './machine-command';
import type { Account, MachineState } from './machine-state';
import { ok } from '../hook-tools/tool-result';

function passwdLine(a: Account): string {
  return `${a.name}:x:${a.uid}:${a.gid}::${a.home}:${a.shell}\n`;
}

export const getent: MachineCommand = (call) => {
  const [db, ...keys] = call.args;
  const { machine } = call;
  if (db === 'passwd') {
    const accounts = keys.length ? keys.map((k) => machine.users.get(k) ?? [...machine.users.values()].find((u) => String(u.uid) === k)) : [...machine.users.values()];
    if (accounts.some((a) => a === undefined)) return { code: 2, stdout: accounts.filter((a): a is Account => !!a).map(passwdLine).join(''), stderr: '' };
    return ok(accounts.map((a) => passwdLine(a as Account)).join(''));
  }
  if (db === 'group') {
    const groups = keys.length ? keys.map((k) => machine.groups.get(k)) : [...machine.groups.values()];
    const lines = groups.filter((g) => g !== undefined).map((g) => `${g.name}:x:${g.gid}:${g.members.join(',')}\n`);
    return { code: groups.some((g) => g === undefined) ? 2 : 0, stdout: lines.join(''), stderr: '' };
  }
  return fail(1, `Unknown database: ${db ?? ''}\nTry \`getent --help' or \`getent --usage' for more information.`);
};

const USERADD_VALUE = new Set(['-d', '--home-dir', '--home', '-s', '--shell', '-g', '--gid', '-G', '--groups', '-u', '--uid', '-c', '--comment', '-k', '--skel', '-b', '--base-dir']);

export const useradd: MachineCommand = (call) => {
  const { machine } = call;
  const opts = new Map<string, string>();
  const flags = new Set<string>();
  const names: string[] = [];
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (USERADD_VALUE.has(arg)) opts.set(arg, args[++i] ?? '');
    else if (arg.startsWith('--') && arg.includes('=')) opts.set(arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1));
    else if (arg.startsWith('-')) flags.add(arg);
    else names.push(arg);
  }
  const name = names[0];
  if (names.length !== 1 || !name) return fail(2, 'Usage: useradd [options] LOGIN');
  if (!/^[a-z_][a-z0-9_-]*\$?$/.test(name)) return fail(3, `useradd: invalid user name '${name}'`);
  if (machine.users.has(name)) return fail(9, `useradd: user '${name}' already exists`);
  const system = flags.has('-r') || flags.has('--system');
  const groupName = opts.get('-g') ?? opts.get('--gid');
  let gid: number;
  if (groupName !== undefined) {
    const group = machine.groups.get(groupName) ?? [...machine.groups.values()].find((g) => String(g.gid) === groupName);
    if (!group) return fail(6, `useradd: group '${groupName}' does not exist`);
    gid = group.gid;
  } else if (flags.has('-N') || flags.has('--no-user-group')) {
    gid = 100;
  } else {
    if (machine.groups.has(name)) return fail(9, `useradd: group ${name} exists - if you want to add this user to that group, use -g.`);
    gid = machine.allocateId(system);
    machine.groups.set(name, { name, gid, members: [] });
  }
  const uidOpt = opts.get('-u') ?? opts.get('--uid');
  const home = opts.get('-d') ?? opts.get('--home-dir') ?? opts.get('--home') ?? `/home/${name}`;
  const account: Account = {
    name,
    uid: uidOpt !== undefined ? Number(uidOpt) : gid,
    gid,
    home,
    shell: opts.get('-s') ?? opts.get('--shell') ?? (system ? '/usr/sbin/nologin' : '/bin/sh'),
    system,
  };
  machine.users.set(name, account);
  for (const extra of (opts.get('-G') ?? opts.get('--groups') ?? '').split(',').filter(Boolean)) machine.groups.get(extra)?.members.push(name);
  if (flags.has('-m') || flags.has('--create-home')) {
    const dir = isInside(machine, home) ? home : join(machine.rootfs, home);
    mkdirSync(dir, { recursive: true });
  }
  return ok();
};

export const groupadd: MachineCommand = (call) => {
  const { machine } = call;
  const names = call.args.filter((a, i) => !a.startsWith('-') && !['-g', '--gid'].includes(call.args[i - 1] ?? ''));
  const force = call.args.includes('-f') || call.args.includes('--force');
  const system = call.args.includes('-r') || call.args.includes('--system');
  const name = names[0];
  if (names.length !== 1 || !name) return fail(2, 'Usage: groupadd [options] GROUP');
  if (machine.groups.has(name)) return force ? ok() : fail(9, `groupadd: group '${name}' already exists`);
  const gidIndex = call.args.findIndex((a) => a === '-g' || a === '--gid');
  const gid = gidIndex >= 0 ? Number(call.args[gidIndex + 1]) : machine.allocateId(system);
  machine.groups.set(name, { name, gid, members: [] });
  return ok();
};

function isInside(machine: MachineState, path: string): boolean {
  const rel = relative(machine.rootfs, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function chownReal(path: string, uid: number | undefined, gid: number | undefined, recursive: boolean): void {
  const stat = lstatSync(path);
  lchownSync(path, uid ?? stat.uid, gid ?? stat.gid);
  if (recursive && stat.isDirectory()) for (const entry of readdirSync(path)) chownReal(join(path, entry), uid, gid, true);
}

export const chown: MachineCommand = (call) => {
  const { machine } = call;
  const operands = call.args.filter((a) => !a.startsWith('-'));
  const recursive = call.args.some((a) => a === '-R' || a === '--recursive');
  const [spec, ...paths] = operands;
  if (!spec || paths.length === 0) return fail(1, `chown: missing operand\nTry 'chown --help' for more information.`);
  const [userPart, groupPart] = spec.includes(':') ? (spec.split(':', 2) as [string, string]) : [spec, undefined];
  const user = userPart ? machine.users.get(userPart) : undefined;
  if (userPart && !user) return fail(1, `chown: invalid user: '${spec}'`);
  let group = groupPart;
  if (groupPart === '' && user) group = [...machine.groups.values()].find((g) => g.gid === user.gid)?.name;
  if (group && !machine.groups.has(group)) return fail(1, `chown: invalid group: '${spec}'`);
  for (const path of paths) {
    const absolute = resolve(call.cwd, path);
    if (!isInside(machine, absolute)) {
      return fail(1, `chown: changing ownership of '${path}': Operation not permitted (juju-sim: outside the unit root ${machine.rootfs})`);
    }
    if (!existsSync(absolute)) return fail(1, `chown: cannot access '${path}': No such file or directory`);
    // Real-machine mode: services run as these accounts, so the ownership must be real too (numeric ids).
    if (machine.runner) chownReal(absolute, userPart ? user?.uid : undefined, group ? machine.groups.get(group)?.gid : undefined, recursive);
    const previous = machine.owners.get(absolute);
    machine.owners.set(absolute, {
      user: userPart || previous?.user || 'root',
      group: group ?? previous?.group ?? 'root',
      recursive,
    });
  }
  return ok();
};
