// What Juju shows as this unit's (or application's) workload status, as this charm last set it. status-set takes
// effect at once, also in a hook that fails later, so this record cannot live in the unit state (committed only
// when a hook succeeds): a retried hook would trust a stale copy and skip the status-set that puts the status
// right (issue 14 item 6: a unit left in "maintenance Configuring Flume"). It is a file of its own, written at
// once: the entry is dropped before status-set and written after it, so a hook killed in between leaves "unknown"
// and the next setStatus calls status-set.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SHOWN_STATUS_FILE = '.status-shown.json';

export type StatusScope = 'unit' | 'application';
export interface ShownStatus {
  readonly status: string;
  readonly message: string;
}
type Shown = Partial<Record<StatusScope, ShownStatus>>;

function read(charmDir: string): Shown {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(charmDir, SHOWN_STATUS_FILE), 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Shown) : {};
  } catch {
    return {}; // none yet, or unreadable: unknown, so the next setStatus calls status-set
  }
}

function write(charmDir: string, shown: Shown): void {
  const file = join(charmDir, SHOWN_STATUS_FILE);
  if (Object.keys(shown).length === 0) return rmSync(file, { force: true });
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(shown), { mode: 0o600 });
  renameSync(temp, file);
}

export function shownStatus(charmDir: string, scope: StatusScope): ShownStatus | undefined {
  const entry = read(charmDir)[scope];
  return typeof entry?.status === 'string' && typeof entry.message === 'string' ? entry : undefined;
}

/** Before status-set: from now until rememberShownStatus(), what Juju shows is unknown. */
export function forgetShownStatus(charmDir: string, scope: StatusScope): void {
  const { [scope]: _dropped, ...rest } = read(charmDir);
  write(charmDir, rest);
}

/** After status-set succeeded. */
export function rememberShownStatus(charmDir: string, scope: StatusScope, shown: ShownStatus): void {
  write(charmDir, { ...read(charmDir), [scope]: { status: shown.status, message: shown.message } });
}
