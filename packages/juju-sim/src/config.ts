// Application config as Juju keeps it: the values a user set, over the charm's defaults, type-checked.
import type { CharmMeta, ConfigOption, ConfigValue } from './charm-meta';
import { ConfigError } from './errors';

/** A value given to `Model.config()`: typed, or a string as `juju config app key=value` passes; null resets. */
export type ConfigInput = ConfigValue | null;

function coerce(app: string, key: string, option: ConfigOption, value: ConfigValue): ConfigValue {
  const fail = (): never => {
    throw new ConfigError(`option "${key}" of ${app} expects ${option.type}, got ${JSON.stringify(value)}`);
  };
  switch (option.type) {
    case 'string':
    case 'secret':
      return typeof value === 'string' ? value : fail();
    case 'int': {
      const n = typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : value;
      return typeof n === 'number' && Number.isSafeInteger(n) ? n : fail();
    }
    case 'float': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? n : fail();
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true') return true;
      if (value === 'false') return false;
      return fail();
  }
}

/** Validates every key of `input` against the charm and returns the coerced values (null = reset). */
export function validateConfig(app: string, meta: CharmMeta, input: Readonly<Record<string, ConfigInput>>): Map<string, ConfigValue | null> {
  const result = new Map<string, ConfigValue | null>();
  for (const [key, value] of Object.entries(input)) {
    const option = meta.config.get(key);
    if (!option) throw new ConfigError(`unknown option "${key}" for ${app} (charm ${meta.name})`);
    result.set(key, value === null ? null : coerce(app, key, option, value));
  }
  return result;
}

/** Defaults of the charm, also checked, so that a charm with a default of the wrong type fails at deploy. */
export function configDefaults(app: string, meta: CharmMeta): Map<string, ConfigValue> {
  const result = new Map<string, ConfigValue>();
  for (const [key, option] of meta.config) {
    if (option.default !== undefined) result.set(key, coerce(app, key, option, option.default));
  }
  return result;
}

/** The settings `config-get --all` reports: every option, null when unset and without default. */
export function effectiveConfig(meta: CharmMeta, defaults: ReadonlyMap<string, ConfigValue>, set: ReadonlyMap<string, ConfigValue>): Record<string, ConfigValue | null> {
  const result: Record<string, ConfigValue | null> = {};
  for (const key of meta.config.keys()) result[key] = set.get(key) ?? defaults.get(key) ?? null;
  return result;
}
