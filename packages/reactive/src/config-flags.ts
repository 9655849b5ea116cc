// layer:basic config flags: config.changed, config.changed.KEY, config.set.KEY, config.default.KEY.
// The config of the previous successful hook is kept in kv; config-get runs once per hook, except in an
// update-status that may answer from that copy (stored-config.ts).
import { clearFlag, setFlag, toggleFlag } from './flags';
import { configFromStore, configGet, type ConfigValues } from './hookcmds/config';
import type { Json } from './json';
import type { Runtime } from './runtime';
import { markConfigUnsettled, storedConfigServes } from './stored-config';

const PREVIOUS_CONFIG = 'reactive.config.previous';

/** The charm's config (config-get --all, once per hook). */
export function config(): Promise<ConfigValues> {
  return configGet();
}

// Python truthiness, as layer:basic's toggle_flag(config.set.KEY, value).
const isSet = (value: Json | undefined): boolean =>
  !(value === null || value === undefined || value === false || value === 0 || value === '' ||
    (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0));

const same = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Set the config flags for this hook. `defaults` are the options' defaults from config.yaml (we parse no YAML at
 * runtime); an option missing from it is taken to have no default (null), as Juju reports such options.
 */
export async function manageConfigFlags(runtime: Runtime, defaults: Readonly<Record<string, Json>>): Promise<ConfigSource> {
  const previous = runtime.state.kv.get<{ [k: string]: Json }>(PREVIOUS_CONFIG);
  if (previous !== undefined && storedConfigServes(runtime.context)) {
    // Nothing can have changed unseen (stored-config.ts): the flags of the last committed hook stand.
    configFromStore(previous);
    return 'stored';
  }
  const current = await configGet();
  if (previous !== undefined && !same(previous, current)) markConfigUnsettled(runtime.context);
  for (const [option, value] of Object.entries(current)) {
    // First hook: everything is new, as charmhelpers' Config.changed() says.
    if (previous === undefined || !same(previous[option], value)) {
      setFlag('config.changed');
      setFlag(`config.changed.${option}`);
    }
    toggleFlag(`config.set.${option}`, isSet(value));
    toggleFlag(`config.default.${option}`, same(value, defaults[option] ?? null));
  }
  runtime.state.kv.set(PREVIOUS_CONFIG, current);
  return 'config-get';
}

/** Where this hook's config came from: 'config-get' hooks call markConfigSettled() once they commit. */
export type ConfigSource = 'stored' | 'config-get';

/** layer:basic clears the changed flags when the hook ends: they describe this hook only. */
export function clearConfigChangedFlags(runtime: Runtime): void {
  for (const flag of [...runtime.state.flags]) {
    if (flag === 'config.changed' || flag.startsWith('config.changed.')) clearFlag(flag);
  }
}
