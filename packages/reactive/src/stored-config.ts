// When update-status may take the charm's config from unit state instead of running config-get (issue 15: the
// fork is ~4 ms of a no-op hook). Juju runs config-changed after every change of the config (and after install
// and upgrade-charm), and every hook but update-status still runs config-get, so the config that the last
// committed hook stored is the config now, unless a hook saw a new config and did not commit: it may have been
// the config-changed of that config, skipped by `juju resolved --no-retry`. Such a hook is marked by a file,
// written as soon as config-get differs from the stored copy and removed once the hook's state is committed (a
// hook killed in between leaves it, and the next update-status runs config-get). It cannot live in the unit
// state, which a failed hook does not write. With no stored copy, update-status runs config-get anyway.
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HookContext } from './context';

export const CONFIG_UNSETTLED_FILE = '.config-unsettled';

/** Whether this hook may answer config from the copy the last committed hook stored. */
export function storedConfigServes(context: HookContext): boolean {
  if (context.hookName !== 'update-status' || context.actionName !== undefined) return false;
  return !exists(join(context.charmDir, CONFIG_UNSETTLED_FILE));
}

/** A hook saw a config other than the stored one: until it commits, the stored copy is stale. */
export function markConfigUnsettled(context: HookContext): void {
  writeFileSync(join(context.charmDir, CONFIG_UNSETTLED_FILE), '', { mode: 0o600 });
}

/** After the hook's state (with the config it saw) is committed. */
export function markConfigSettled(context: HookContext): void {
  rmSync(join(context.charmDir, CONFIG_UNSETTLED_FILE), { force: true });
}

function exists(path: string): boolean {
  // statSync with throwIfNoEntry: no exception object made for the usual answer (absent).
  return statSync(path, { throwIfNoEntry: false }) !== undefined;
}
