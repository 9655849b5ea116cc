// The network of a model in real-machine mode: one /24 out of 198.18.0.0/15 (RFC 2544's test range), a
// bridge holding the host's address .1, and one network namespace per unit with a veth on the bridge.
// Nothing is routed anywhere else: the namespaces have only their connected /24 and no default route.
//
// Concurrent models (jest workers, other test runs) never share a /24: each takes a lock directory
// /run/juju-sim/net/N (mkdir is atomic) recording its pid and that process's start time. A lock whose owner
// is dead is stale: its namespaces, bridge and model directory are removed before the /24 is reused.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { host, hostOrThrow, processAlive, processStartTime } from './host-command';

const LOCK_ROOT = '/run/juju-sim/net';
const SUBNETS = 512; // 198.18.0.0/24 .. 198.19.255.0/24
const MAX_UNITS = 253; // .2 .. .254

interface LockOwner {
  readonly pid: number;
  readonly startTime: string;
  /** The model directory to remove with the stale lock (only for models that own a temporary one). */
  readonly modelDir?: string;
}

export interface UnitNetwork {
  /** Name under /run/netns. */
  readonly netns: string;
  readonly address: string;
  /** The host end of the unit's veth pair, on the bridge. */
  readonly veth: string;
}

function subnetPrefix(index: number): string {
  return `198.${18 + (index >> 8)}.${index & 255}`;
}

function bridgeName(index: number): string {
  return `jsim-br${index}`;
}

function nsPrefix(pid: number, index: number): string {
  return `jsim-${pid}-${index}-`;
}

function listNetns(): string[] {
  return host(['ip', 'netns', 'list'])
    .stdout.split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith('jsim-'));
}

/** SIGKILL to every process in a namespace, then the namespace itself (which takes its veth pair with it). */
function deleteNetns(name: string): void {
  for (const pid of host(['ip', 'netns', 'pids', name]).stdout.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  host(['ip', 'netns', 'del', name]);
}

/** Host ends of the veth pairs of subnet `index` (jsimNvM) that a namespace still holds. */
function removeVeths(index: number): void {
  const names = host(['ip', '-o', 'link', 'show'])
    .stdout.split('\n')
    .map((l) => /^\d+:\s+([^@:\s]+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && n.startsWith(`jsim${index}v`));
  for (const name of names) host(['ip', 'link', 'del', name]);
}

function readOwner(index: number): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(join(LOCK_ROOT, String(index), 'owner'), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Removes what a dead owner left on subnet `index` (caller holds or has judged stale the lock). */
function sweep(index: number, owner: LockOwner | undefined): void {
  for (const ns of listNetns()) {
    if (owner ? ns.startsWith(nsPrefix(owner.pid, index)) : ns.split('-')[2] === String(index)) deleteNetns(ns);
  }
  host(['ip', 'link', 'del', bridgeName(index)]);
  removeVeths(index);
  // Only a temporary model directory (Model.create's mkdtemp) is ever removed.
  if (owner?.modelDir && basename(owner.modelDir).startsWith('juju-sim-')) rmSync(owner.modelDir, { recursive: true, force: true });
}

/** A lock directory whose owner died (or was never written, by a process now dead) is cleared. */
function clearIfStale(index: number): boolean {
  const dir = join(LOCK_ROOT, String(index));
  const owner = readOwner(index);
  if (owner && processAlive(owner.pid, owner.startTime)) return false;
  if (!owner) {
    // mkdir and the owner file are not one step: give a live creator the benefit of the doubt unless the
    // directory is old.
    try {
      const age = Date.now() - statSync(dir).mtimeMs;
      if (age < 10_000) return false;
    } catch {
      return false;
    }
  }
  sweep(index, owner);
  rmSync(dir, { recursive: true, force: true });
  return true;
}

/** Cleans what dead simulators left: stale locks, and namespaces of dead pids that no lock names. */
export function removeStaleNetworks(): void {
  mkdirSync(LOCK_ROOT, { recursive: true });
  for (const entry of readdirSync(LOCK_ROOT)) if (/^\d+$/.test(entry)) clearIfStale(Number(entry));
  for (const ns of listNetns()) {
    const pid = Number(ns.split('-')[1]);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid, undefined)) deleteNetns(ns);
  }
}

export class ModelNetwork {
  private readonly units = new Map<string, UnitNetwork>();
  private nextHost = 2;
  private destroyed = false;

  private constructor(readonly index: number) {}

  /** Takes a free /24 (clearing stale ones), creates the bridge with the host address. */
  static create(modelDir: string | undefined): ModelNetwork {
    removeStaleNetworks();
    const start = process.pid % SUBNETS;
    for (let i = 0; i < SUBNETS; i++) {
      const index = (start + i) % SUBNETS;
      const dir = join(LOCK_ROOT, String(index));
      try {
        mkdirSync(dir);
      } catch {
        if (!clearIfStale(index)) continue;
        try {
          mkdirSync(dir);
        } catch {
          continue;
        }
      }
      const owner: LockOwner = { pid: process.pid, startTime: processStartTime(process.pid), ...(modelDir ? { modelDir } : {}) };
      writeFileSync(join(dir, 'owner'), JSON.stringify(owner));
      const network = new ModelNetwork(index);
      try {
        // A bridge of that name can only be left from a crash before the lock was written.
        host(['ip', 'link', 'del', bridgeName(index)]);
        hostOrThrow(['ip', 'link', 'add', bridgeName(index), 'type', 'bridge']);
        hostOrThrow(['ip', 'addr', 'add', `${network.hostAddress}/24`, 'dev', bridgeName(index)]);
        hostOrThrow(['ip', 'link', 'set', bridgeName(index), 'up']);
      } catch (error) {
        network.destroy();
        throw error;
      }
      return network;
    }
    throw new Error('juju-sim: every /24 of 198.18.0.0/15 is taken by running models');
  }

  /** The host side of the bridge: tests on the host reach units through it, and hooks reach the tool server. */
  get hostAddress(): string {
    return `${subnetPrefix(this.index)}.1`;
  }

  get cidr(): string {
    return `${subnetPrefix(this.index)}.0/24`;
  }

  /** A new namespace for a unit: lo up, eth0 on the bridge with the unit's address, no default route. */
  addUnit(unitKey: string): UnitNetwork {
    if (this.destroyed) throw new Error('the model network is destroyed');
    if (this.nextHost > MAX_UNITS + 1) throw new Error(`juju-sim: more than ${MAX_UNITS} units in one real-mode model`);
    const hostNumber = this.nextHost++;
    const netns = `${nsPrefix(process.pid, this.index)}${hostNumber}`;
    const veth = `jsim${this.index}v${hostNumber}`;
    const address = `${subnetPrefix(this.index)}.${hostNumber}`;
    const unit: UnitNetwork = { netns, address, veth };
    this.units.set(unitKey, unit);
    hostOrThrow(['ip', 'netns', 'add', netns]);
    hostOrThrow(['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns]);
    hostOrThrow(['ip', 'link', 'set', veth, 'master', bridgeName(this.index), 'up']);
    hostOrThrow(['ip', '-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
    hostOrThrow(['ip', '-n', netns, 'link', 'set', 'eth0', 'up']);
    hostOrThrow(['ip', '-n', netns, 'link', 'set', 'lo', 'up']);
    return unit;
  }

  /** Kills whatever still runs in the unit's namespace and deletes it. */
  removeUnit(unitKey: string): void {
    const unit = this.units.get(unitKey);
    if (!unit) return;
    this.units.delete(unitKey);
    // Deleting the host end removes the pair at once; a namespace only goes when its last process has.
    host(['ip', 'link', 'del', unit.veth]);
    deleteNetns(unit.netns);
  }

  /** Everything goes: processes in the namespaces, the namespaces, the bridge, the lock. Idempotent. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const key of [...this.units.keys()]) this.removeUnit(key);
    for (const ns of listNetns()) if (ns.startsWith(nsPrefix(process.pid, this.index))) deleteNetns(ns);
    host(['ip', 'link', 'del', bridgeName(this.index)]);
    removeVeths(this.index);
    rmSync(join(LOCK_ROOT, String(this.index)), { recursive: true, force: true });
  }
}
