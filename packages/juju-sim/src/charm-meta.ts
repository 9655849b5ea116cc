// Reads what the simulator needs from a charm directory: metadata.yaml/config.yaml/actions.yaml of an
// unpacked charm (docs/contracts.md section 4), or a unified charmcraft.yaml.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CharmError } from './errors';
import { charmBases } from './charm-bases';

export type ConfigType = 'string' | 'int' | 'float' | 'boolean' | 'secret';
export type ConfigValue = string | number | boolean;

export interface ConfigOption {
  readonly type: ConfigType;
  readonly default?: ConfigValue;
  readonly description?: string;
}

export type EndpointRole = 'provides' | 'requires' | 'peers';

export interface EndpointMeta {
  readonly name: string;
  readonly role: EndpointRole;
  readonly interface: string;
  readonly scope: 'global' | 'container';
}

export interface ActionParamMeta {
  readonly type?: string;
  readonly default?: unknown;
}

export interface ActionMeta {
  readonly name: string;
  readonly params: Readonly<Record<string, ActionParamMeta>>;
  readonly required: readonly string[];
  readonly additionalProperties: boolean;
}

export interface ResourceMeta {
  readonly name: string;
  readonly type: string;
  readonly filename?: string;
}

export type StorageKind = 'filesystem' | 'block';

/** A `storage:` entry. Without `multiple`, a store is a required singleton (count 1..1), as in Juju. */
export interface StorageMeta {
  readonly name: string;
  readonly type: StorageKind;
  readonly location?: string;
  readonly countMin: number;
  /** -1: no upper bound (`range: N-` or `N+`). */
  readonly countMax: number;
  readonly description?: string;
}

export interface CharmMeta {
  readonly name: string;
  readonly endpoints: ReadonlyMap<string, EndpointMeta>;
  readonly config: ReadonlyMap<string, ConfigOption>;
  readonly actions: ReadonlyMap<string, ActionMeta>;
  readonly resources: ReadonlyMap<string, ResourceMeta>;
  readonly storage: ReadonlyMap<string, StorageMeta>;
  /** metadata `subordinate: true`: units only beside principal units, through container-scoped relations. */
  readonly subordinate: boolean;
  /** `ubuntu@24.04`...; [] when the charm declares none (then no base rule applies). */
  readonly bases: readonly string[];
}

type YamlMap = Record<string, unknown>;

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readYaml(path: string): YamlMap | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CharmError(`${path}: invalid YAML: ${(error as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (!isMap(value)) throw new CharmError(`${path}: expected a mapping at the top level`);
  return value;
}

const CONFIG_TYPES: readonly ConfigType[] = ['string', 'int', 'float', 'boolean', 'secret'];

function readConfigOptions(source: string, options: unknown): Map<string, ConfigOption> {
  const result = new Map<string, ConfigOption>();
  if (options === undefined || options === null) return result;
  if (!isMap(options)) throw new CharmError(`${source}: config options must be a mapping`);
  for (const [name, raw] of Object.entries(options)) {
    if (!isMap(raw)) throw new CharmError(`${source}: option "${name}" must be a mapping`);
    const type = (raw['type'] ?? 'string') as ConfigType;
    if (!CONFIG_TYPES.includes(type)) throw new CharmError(`${source}: option "${name}" has unknown type "${String(raw['type'])}"`);
    const def = raw['default'];
    const option: ConfigOption = {
      type,
      ...(def === undefined || def === null ? {} : { default: def as ConfigValue }),
      ...(typeof raw['description'] === 'string' ? { description: raw['description'] } : {}),
    };
    result.set(name, option);
  }
  return result;
}

function readEndpoints(source: string, meta: YamlMap): Map<string, EndpointMeta> {
  const result = new Map<string, EndpointMeta>();
  for (const role of ['provides', 'requires', 'peers'] as const) {
    const section = meta[role];
    if (section === undefined || section === null) continue;
    if (!isMap(section)) throw new CharmError(`${source}: ${role} must be a mapping`);
    for (const [name, raw] of Object.entries(section)) {
      const spec = isMap(raw) ? raw : {};
      const iface = typeof raw === 'string' ? raw : spec['interface'];
      if (typeof iface !== 'string') throw new CharmError(`${source}: endpoint "${name}" has no interface`);
      if (result.has(name)) throw new CharmError(`${source}: endpoint "${name}" is defined twice`);
      result.set(name, { name, role, interface: iface, scope: spec['scope'] === 'container' ? 'container' : 'global' });
    }
  }
  return result;
}

function readActions(source: string, actions: unknown): Map<string, ActionMeta> {
  const result = new Map<string, ActionMeta>();
  if (actions === undefined || actions === null) return result;
  if (!isMap(actions)) throw new CharmError(`${source}: actions must be a mapping`);
  for (const [name, raw] of Object.entries(actions)) {
    const spec = isMap(raw) ? raw : {};
    const params: Record<string, ActionParamMeta> = {};
    if (isMap(spec['params'])) {
      for (const [param, p] of Object.entries(spec['params'])) params[param] = isMap(p) ? (p as ActionParamMeta) : {};
    }
    const required = Array.isArray(spec['required']) ? spec['required'].filter((r): r is string => typeof r === 'string') : [];
    result.set(name, { name, params, required, additionalProperties: spec['additionalProperties'] !== false });
  }
  return result;
}

function readResources(source: string, resources: unknown): Map<string, ResourceMeta> {
  const result = new Map<string, ResourceMeta>();
  if (resources === undefined || resources === null) return result;
  if (!isMap(resources)) throw new CharmError(`${source}: resources must be a mapping`);
  for (const [name, raw] of Object.entries(resources)) {
    const spec = isMap(raw) ? raw : {};
    result.set(name, {
      name,
      type: typeof spec['type'] === 'string' ? spec['type'] : 'file',
      ...(typeof spec['filename'] === 'string' ? { filename: spec['filename'] } : {}),
    });
  }
  return result;
}

/** `multiple.range` as Juju's charm metadata reads it: `N`, `N-M`, `N-` or `N+`. */
function parseRange(source: string, name: string, range: unknown): { countMin: number; countMax: number } {
  const text = typeof range === 'number' ? String(range) : range;
  const match = typeof text === 'string' ? /^(\d+)(?:(-|\+)(\d+)?)?$/.exec(text) : null;
  const min = match ? Number(match[1]) : NaN;
  const max = !match ? NaN : match[2] === undefined ? min : match[3] === undefined ? -1 : match[2] === '-' ? Number(match[3]) : NaN;
  if (!match || Number.isNaN(max) || (max !== -1 && (max < min || max === 0))) {
    throw new CharmError(`${source}: storage "${name}": invalid multiple range ${JSON.stringify(range)}`);
  }
  return { countMin: min, countMax: max };
}

function readStorage(source: string, storage: unknown): Map<string, StorageMeta> {
  const result = new Map<string, StorageMeta>();
  if (storage === undefined || storage === null) return result;
  if (!isMap(storage)) throw new CharmError(`${source}: storage must be a mapping`);
  for (const [name, raw] of Object.entries(storage)) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/.test(name)) throw new CharmError(`${source}: invalid storage name "${name}"`);
    if (!isMap(raw)) throw new CharmError(`${source}: storage "${name}" must be a mapping`);
    const type = raw['type'];
    if (type !== 'filesystem' && type !== 'block') throw new CharmError(`${source}: storage "${name}": type must be filesystem or block, not ${JSON.stringify(type)}`);
    const location = raw['location'];
    if (location !== undefined && (typeof location !== 'string' || !location.startsWith('/'))) {
      throw new CharmError(`${source}: storage "${name}": location must be an absolute path`);
    }
    const multiple = raw['multiple'];
    const counts = multiple === undefined || multiple === null ? { countMin: 1, countMax: 1 } : parseRange(source, name, isMap(multiple) ? multiple['range'] : undefined);
    result.set(name, {
      name,
      type,
      ...(typeof location === 'string' ? { location } : {}),
      ...counts,
      ...(typeof raw['description'] === 'string' ? { description: raw['description'] } : {}),
    });
  }
  return result;
}

/** Loads a charm's metadata; metadata.yaml wins over charmcraft.yaml, as in an unpacked .charm. */
export function loadCharmMeta(charmDir: string): CharmMeta {
  const metadataPath = join(charmDir, 'metadata.yaml');
  const charmcraftPath = join(charmDir, 'charmcraft.yaml');
  const metadata = readYaml(metadataPath);
  if (metadata) {
    const config = readYaml(join(charmDir, 'config.yaml'));
    const actions = readYaml(join(charmDir, 'actions.yaml'));
    return { ...build(metadataPath, metadata, config?.['options'], actions, metadata['resources']), bases: charmBases(charmDir) };
  }
  const charmcraft = readYaml(charmcraftPath);
  if (!charmcraft) throw new CharmError(`${charmDir}: no metadata.yaml or charmcraft.yaml`);
  const config = charmcraft['config'];
  return { ...build(charmcraftPath, charmcraft, isMap(config) ? config['options'] : undefined, charmcraft['actions'], charmcraft['resources']), bases: charmBases(charmDir) };
}

function build(source: string, meta: YamlMap, options: unknown, actions: unknown, resources: unknown): Omit<CharmMeta, 'bases'> {
  const name = meta['name'];
  if (typeof name !== 'string' || name === '') throw new CharmError(`${source}: the charm has no name`);
  return {
    name,
    endpoints: readEndpoints(source, meta),
    config: readConfigOptions(source, options),
    actions: readActions(source, actions),
    resources: readResources(source, resources),
    storage: readStorage(source, meta['storage']),
    subordinate: meta['subordinate'] === true,
  };
}
