// status-set, status-get, application-version-set: these take effect at once, even if the hook then fails.
import type { Json } from '../json';
import { expectShape, isObject, runTool, runToolJson } from './run';

export type WorkloadStatus = 'active' | 'blocked' | 'maintenance' | 'waiting';

export interface StatusTarget {
  /** The application's status (leader only) instead of the unit's. */
  readonly application?: boolean;
}

/** `status-set [--application] STATUS -- MSG` */
export async function statusSet(status: WorkloadStatus, message = '', target: StatusTarget = {}): Promise<void> {
  await runTool('status-set', [...(target.application ? ['--application'] : []), status, '--', message]);
}

export interface StatusInfo {
  readonly status: string;
  readonly message: string;
  readonly data: { [key: string]: Json };
}

/** `status-get --format=json --include-data [--application]` */
export async function statusGet(target: StatusTarget = {}): Promise<StatusInfo> {
  const args = ['--format=json', '--include-data', ...(target.application ? ['--application'] : [])];
  const value = expectShape('status-get', args, await runToolJson('status-get', args), isObject, 'an object');
  // --application nests the answer under "application-status".
  const body = isObject(value['application-status'] ?? null) ? (value['application-status'] as { [k: string]: Json }) : value;
  const data = body['status-data'];
  return {
    status: String(body.status ?? ''),
    message: String(body.message ?? ''),
    data: data !== undefined && isObject(data) ? data : {},
  };
}

/** `application-version-set -- VERSION` */
export async function applicationVersionSet(version: string): Promise<void> {
  await runTool('application-version-set', ['--', version]);
}
