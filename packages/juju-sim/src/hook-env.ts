// The environment of a hook or action process, as Juju's uniter builds it (plus CHARM_ROOTFS, our seam).
import type { HookEvent } from './hook-event';
import type { UnitState } from './model-state';

/** What every hook in the model gets, whatever its unit. */
export interface ModelEnv {
  /** Hook tools and machine-command fakes, first on PATH. */
  readonly toolsDir: string;
  readonly toolAddress: string;
  readonly modelName: string;
  readonly modelUuid: string;
  readonly jujuVersion: string;
  /** ModelOptions.env. */
  readonly extra: Readonly<Record<string, string>> | undefined;
}

/** `metricsUrl`: CHARM_METRICS_URL, set only in recording mode (see Machines.metricsUrl). */
export function hookEnv(model: ModelEnv, unit: UnitState, event: HookEvent, contextId: string, metricsUrl: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: `${model.toolsDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    HOME: process.env['HOME'] ?? '/root',
    LANG: process.env['LANG'] ?? 'C.UTF-8',
    ...(process.env['TMPDIR'] ? { TMPDIR: process.env['TMPDIR'] } : {}),
    ...model.extra,
    JUJU_UNIT_NAME: unit.name,
    JUJU_CHARM_DIR: unit.charmDir,
    CHARM_DIR: unit.charmDir,
    JUJU_MODEL_NAME: model.modelName,
    JUJU_MODEL_UUID: model.modelUuid,
    JUJU_VERSION: model.jujuVersion,
    JUJU_CONTEXT_ID: contextId,
    JUJU_AGENT_SOCKET_ADDRESS: model.toolAddress,
    JUJU_AGENT_SOCKET_NETWORK: 'tcp',
    JUJU_MACHINE_ID: String(unit.machine),
    JUJU_PRINCIPAL_UNIT: unit.principal ?? '',
    CHARM_ROOTFS: unit.rootfs,
  };
  if (metricsUrl !== undefined) env['CHARM_METRICS_URL'] = metricsUrl;
  if (event.storageId) env['JUJU_STORAGE_ID'] = event.storageId;
  if (event.kind === 'action' && event.action) {
    env['JUJU_DISPATCH_PATH'] = `actions/${event.name}`;
    env['JUJU_ACTION_NAME'] = event.name;
    env['JUJU_ACTION_UUID'] = event.action.id;
  } else {
    env['JUJU_DISPATCH_PATH'] = `hooks/${event.name}`;
    env['JUJU_HOOK_NAME'] = event.name;
  }
  if (event.relationId !== undefined) {
    env['JUJU_RELATION'] = event.relationName;
    env['JUJU_RELATION_ID'] = `${event.relationName}:${event.relationId}`;
    if (event.remoteApp) env['JUJU_REMOTE_APP'] = event.remoteApp;
    if (event.remoteUnit) env['JUJU_REMOTE_UNIT'] = event.remoteUnit;
    if (event.departingUnit) env['JUJU_DEPARTING_UNIT'] = event.departingUnit;
  }
  return env;
}
