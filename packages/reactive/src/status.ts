// setStatus: status-set, skipped when the unit (or app) already shows the same status (shown-status.ts).
import { jujuLog, type LogLevel } from './hookcmds/log';
import { statusSet, type WorkloadStatus } from './hookcmds/status';
import { currentRuntime } from './runtime';
import { forgetShownStatus, rememberShownStatus, shownStatus } from './shown-status';

export interface SetStatusOptions {
  /** Set the application's status (leader only). */
  readonly application?: boolean;
}

export async function setStatus(status: WorkloadStatus, message = '', options: SetStatusOptions = {}): Promise<void> {
  const { charmDir } = currentRuntime('setStatus').context;
  const scope = options.application ? 'application' : 'unit';
  // Compared with what Juju shows (a record written at once), not with unit state: see shown-status.ts.
  const last = shownStatus(charmDir, scope);
  if (last?.status === status && last.message === message) return;
  forgetShownStatus(charmDir, scope);
  await statusSet(status, message, options);
  rememberShownStatus(charmDir, scope, { status, message });
}

/** Write to the unit's log (juju-log). */
export async function log(message: string, level: LogLevel = 'INFO'): Promise<void> {
  await jujuLog(message, level);
}
