// The config options of a charm, read from its charmcraft.yaml (the source of truth), as config-get --all
// returns them: every option with its default (null when it has none).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export type CharmName = 'flume-hdfs' | 'flume-syslog';

export interface CharmOption {
  readonly name: string;
  readonly type: 'string' | 'int' | 'float' | 'boolean';
  readonly default: string | number | boolean | null;
}

const cache = new Map<CharmName, readonly CharmOption[]>();

export function charmOptions(charm: CharmName): readonly CharmOption[] {
  let options = cache.get(charm);
  if (!options) {
    options = readOptions(charm);
    cache.set(charm, options);
  }
  return options;
}

function readOptions(charm: CharmName): CharmOption[] {
  const doc = parse(readFileSync(path.join(REPO_ROOT, 'charms', charm, 'charmcraft.yaml'), 'utf8')) as {
    config?: { options?: Record<string, { type: CharmOption['type']; default?: string | number | boolean }> };
  };
  return Object.entries(doc.config?.options ?? {}).map(([name, spec]) => ({ name, type: spec.type, default: spec.default ?? null }));
}

/** config-get --all of a unit whose config is all defaults. */
export function defaultConfig(charm: CharmName): Record<string, string | number | boolean | null> {
  return Object.fromEntries(charmOptions(charm).map((o) => [o.name, o.default]));
}

export function templatesDir(charm: CharmName): string {
  return path.join(REPO_ROOT, 'charms', charm, 'templates');
}
