// setStatus: status-set, skipped when the unit (or app) already shows the same status.
import { jujuLog, type LogLevel } from './hookcmds/log';
import { statusSet, type WorkloadStatus } from './hookcmds/status';
import { currentRuntime } from './runtime';

export interface SetStatusOptions {
  /** Set the application's status (leader only). */
  readonly application?: boolean;
}

export async function setStatus(status: WorkloadStatus, message = '', options: SetStatusOptions = {}): Promise<void> {
  const kv = currentRuntime('setStatus').state.kv;
  const key = options.application ? 'reactive.status.application' : 'reactive.status.unit';
  const last = kv.get<{ status: string; message: string }>(key);
  if (last?.status === status && last.message === message) return;
  await statusSet(status, message, options);
  kv.set(key, { status, message });
}

/** Write to the unit's log (juju-log). */
export async function log(message: string, level: LogLevel = 'INFO'): Promise<void> {
  await jujuLog(message, level);
}
