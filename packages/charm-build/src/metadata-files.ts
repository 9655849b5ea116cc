import { stringify } from 'yaml';
import type { CharmcraftProject } from './charmcraft-project';
import { isYamlMap, type YamlMap, type YamlValue } from './yaml-value';

/**
 * metadata.yaml keys in the order charmcraft's CharmMetadata model writes them.
 * `title` becomes `display-name`; `links` is flattened (documentation -> docs, contact -> maintainers).
 */
const METADATA_KEYS = [
  'name',
  'display-name',
  'summary',
  'description',
  'maintainers',
  'assumes',
  'charm-user',
  'containers',
  'devices',
  'docs',
  'extra-bindings',
  'issues',
  'peers',
  'provides',
  'requires',
  'resources',
  'source',
  'storage',
  'subordinate',
  'terms',
  'website',
] as const;

/** The metadata.yaml content that `charmcraft pack` derives from a unified charmcraft.yaml. */
export function generateMetadata(project: CharmcraftProject): YamlMap {
  const source: YamlMap = { ...project.raw };
  if (project.title !== undefined) source['display-name'] = project.title;
  const links = project.raw['links'];
  if (isYamlMap(links)) {
    for (const [key, value] of Object.entries(links)) {
      if (key === 'documentation') source['docs'] = value;
      else if (key === 'contact') source['maintainers'] = Array.isArray(value) ? value : [value];
      else source[key] = value;
    }
  }
  const metadata: YamlMap = {};
  for (const key of METADATA_KEYS) {
    const value = source[key];
    if (value !== undefined && value !== null) metadata[key] = value;
  }
  return metadata;
}

/** config.yaml (`{options}`), or undefined when the charm has no config, as charmcraft omits the file then. */
export function generateConfig(project: CharmcraftProject): YamlMap | undefined {
  const config = project.raw['config'];
  return isYamlMap(config) ? { options: config['options'] ?? {} } : undefined;
}

/** actions.yaml, or undefined when the charm has no actions. */
export function generateActions(project: CharmcraftProject): YamlMap | undefined {
  return project.actions;
}

/**
 * YAML text as charmcraft (PyYAML) writes it: block style, unindented sequences, no line folding.
 * YAML 1.1 rules, because Juju reads these files with go-yaml: strings such as 'yes' or a
 * timestamp get quoted, so they stay strings there.
 */
export function toYaml(value: YamlValue): string {
  return stringify(value, { version: '1.1', lineWidth: 0, indentSeq: false });
}
