import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { CharmBuildError } from './errors';
import { isYamlMap, type YamlMap, type YamlValue } from './yaml-value';

/** One option of `config.options`, as Juju validates it at deploy time. */
export interface ConfigOption {
  type: 'string' | 'int' | 'float' | 'boolean' | 'secret';
  default?: YamlValue;
  description?: string;
}

/** A run-on base of the charm, in manifest.yaml's shape. */
export interface ManifestBase {
  name: string;
  channel: string;
  architectures: string[];
}

/**
 * A unified-format charmcraft.yaml, validated as far as the charm's artifact depends on it.
 * `raw` keeps every key as written, so that metadata.yaml can pass values through verbatim.
 */
export interface CharmcraftProject {
  name: string;
  type: 'charm';
  title?: string;
  summary: string;
  description: string;
  /** `base: ubuntu@24.04` split into its parts. */
  base: { name: string; channel: string };
  /** The architectures the charm runs on, from `platforms`. */
  architectures: string[];
  configOptions?: Record<string, ConfigOption>;
  actions?: YamlMap;
  raw: YamlMap;
}

const NAME = /^[a-z](?:-?[a-z0-9])*$/; // charmcraft's ProjectName: no leading digit, no '--', no trailing '-'
const CONFIG_TYPES = ['string', 'int', 'float', 'boolean', 'secret'] as const;
const RELATION_KEYS = ['provides', 'requires', 'peers'] as const;

/** Reads and validates `CHARM_DIR/charmcraft.yaml`. */
export function readCharmcraft(charmDir: string): CharmcraftProject {
  const file = join(charmDir, 'charmcraft.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CharmBuildError('charmcraft-yaml', `cannot read ${file}: ${(error as Error).message}`);
  }
  return parseCharmcraft(text, file);
}

/** Parses charmcraft.yaml text; `file` only names the source in errors. */
export function parseCharmcraft(text: string, file = 'charmcraft.yaml'): CharmcraftProject {
  const fail = (message: string): never => {
    throw new CharmBuildError('charmcraft-yaml', `${file}: ${message}`);
  };
  // YAML 1.1, as charmcraft's PyYAML reads it: `default: yes` is a boolean there, so here too.
  const document = parseDocument(text, { uniqueKeys: true, version: '1.1' });
  if (document.errors.length > 0) fail(`not valid YAML: ${document.errors[0]?.message ?? ''}`);
  const raw: unknown = document.toJS();
  if (!isYamlMap(raw)) return fail('the top level must be a mapping');

  const text_ = (key: string, required: boolean): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return required ? fail(`'${key}' is required`) : undefined;
    if (typeof value !== 'string' || value.trim() === '') return fail(`'${key}' must be a non-empty string`);
    return value;
  };

  const name = text_('name', true) as string;
  if (!NAME.test(name) || name.length > 40) {
    fail(`'name' must be lowercase letters, digits and single hyphens, start with a letter, at most 40 characters: '${name}'`);
  }
  if (raw['type'] !== 'charm') fail(`'type' must be 'charm' (bundles are not supported), got ${JSON.stringify(raw['type'])}`);
  if ('bases' in raw) fail("the legacy 'bases' key is not supported: use 'base: ubuntu@24.04' and 'platforms'");

  const baseText = text_('base', true) as string;
  const baseMatch = /^([a-z]+)@(\d+\.\d+)$/.exec(baseText);
  if (!baseMatch) return fail(`'base' must look like 'ubuntu@24.04', got '${baseText}'`);

  const project: CharmcraftProject = {
    name,
    type: 'charm',
    summary: text_('summary', true) as string,
    description: text_('description', true) as string,
    base: { name: baseMatch[1] as string, channel: baseMatch[2] as string },
    architectures: parsePlatforms(raw['platforms'], baseText, fail),
    raw,
  };
  const title = text_('title', false);
  if (title !== undefined) project.title = title;
  if (raw['config'] !== undefined) project.configOptions = parseConfig(raw['config'], fail);
  if (raw['actions'] !== undefined) project.actions = parseActions(raw['actions'], fail);
  for (const key of RELATION_KEYS) parseRelations(key, raw[key], fail);
  if (raw['subordinate'] !== undefined && typeof raw['subordinate'] !== 'boolean') fail("'subordinate' must be true or false");
  return project;
}

type Fail = (message: string) => never;

/** `platforms: {amd64: }` (shorthand) or `{NAME: {build-on: [...], build-for: [ubuntu@24.04:amd64]}}`. */
function parsePlatforms(value: YamlValue | undefined, base: string, fail: Fail): string[] {
  if (!isYamlMap(value) || Object.keys(value).length === 0) return fail("'platforms' must map at least one platform, e.g. 'amd64:'");
  const architectures: string[] = [];
  for (const [platform, spec] of Object.entries(value)) {
    if (spec === null) {
      architectures.push(platform);
      continue;
    }
    const buildFor = isYamlMap(spec) ? spec['build-for'] : undefined;
    if (!Array.isArray(buildFor) || buildFor.length === 0) return fail(`platforms.${platform}: needs 'build-for' (or no value at all)`);
    for (const target of buildFor) {
      if (typeof target !== 'string') return fail(`platforms.${platform}.build-for: entries must be strings`);
      const [targetBase, arch] = target.includes(':') ? target.split(':', 2) : [base, target];
      if (targetBase !== base) fail(`platforms.${platform}: builds for '${targetBase}', but 'base' is '${base}'`);
      architectures.push(arch as string);
    }
  }
  return [...new Set(architectures)];
}

function parseConfig(value: YamlValue, fail: Fail): Record<string, ConfigOption> {
  if (!isYamlMap(value) || !isYamlMap(value['options'])) return fail("'config' must be a mapping with an 'options' mapping");
  const options: Record<string, ConfigOption> = {};
  for (const [name, spec] of Object.entries(value['options'])) {
    if (!isYamlMap(spec)) return fail(`config.options.${name} must be a mapping`);
    const type = spec['type'];
    if (!CONFIG_TYPES.includes(type as ConfigOption['type'])) {
      return fail(`config.options.${name}.type must be one of ${CONFIG_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
    }
    const option: ConfigOption = { type: type as ConfigOption['type'] };
    if ('default' in spec) {
      const problem = defaultProblem(option.type, spec['default'] as YamlValue);
      if (problem) fail(`config.options.${name}.default ${problem}`);
      option.default = spec['default'] as YamlValue;
    }
    if (spec['description'] !== undefined) {
      if (typeof spec['description'] !== 'string') return fail(`config.options.${name}.description must be a string`);
      option.description = spec['description'];
    }
    options[name] = option;
  }
  return options;
}

/** Juju refuses to deploy a charm whose default does not match its type; catch it at build time. */
function defaultProblem(type: ConfigOption['type'], value: YamlValue): string | undefined {
  if (value === null) return undefined;
  switch (type) {
    case 'string':
    case 'secret':
      return typeof value === 'string' ? undefined : `must be a string for type ${type}, got ${JSON.stringify(value)}`;
    case 'int':
      return Number.isInteger(value) ? undefined : `must be an integer, got ${JSON.stringify(value)}`;
    case 'float':
      return typeof value === 'number' ? undefined : `must be a number, got ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(value)}`;
  }
}

function parseActions(value: YamlValue, fail: Fail): YamlMap {
  if (!isYamlMap(value)) return fail("'actions' must be a mapping of action names");
  for (const [name, spec] of Object.entries(value)) {
    if (spec !== null && !isYamlMap(spec)) fail(`actions.${name} must be a mapping`);
  }
  return value;
}

function parseRelations(key: string, value: YamlValue | undefined, fail: Fail): void {
  if (value === undefined) return;
  if (!isYamlMap(value)) return fail(`'${key}' must be a mapping of endpoint names`);
  for (const [endpoint, spec] of Object.entries(value)) {
    if (!isYamlMap(spec) || typeof spec['interface'] !== 'string') fail(`${key}.${endpoint} needs an 'interface' string`);
  }
}
