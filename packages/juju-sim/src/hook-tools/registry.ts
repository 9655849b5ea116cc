// Every hook tool the simulator serves, by the name Juju installs it under.
import type { HookTool } from './hook-tool';
import { actionFail, actionGet, actionLog, actionSet } from './action-tools';
import { configGet } from './config-tools';
import { isLeader, leaderGet, leaderSet } from './leader-tools';
import { closePort, openedPorts, openPort } from './port-tools';
import { relationGet, relationIds, relationList, relationSet } from './relation-tools';
import { stateDelete, stateGet, stateSet } from './state-tools';
import { applicationVersionSet, statusGet, statusSet } from './status-tools';
import { storageGet, storageList } from './storage-tools';
import { jujuLog, networkGet, resourceGet, unitGet } from './unit-tools';

export const HOOK_TOOLS: ReadonlyMap<string, HookTool> = new Map<string, HookTool>([
  ['relation-get', relationGet],
  ['relation-set', relationSet],
  ['relation-ids', relationIds],
  ['relation-list', relationList],
  ['config-get', configGet],
  ['status-set', statusSet],
  ['status-get', statusGet],
  ['application-version-set', applicationVersionSet],
  ['open-port', openPort],
  ['close-port', closePort],
  ['opened-ports', openedPorts],
  ['juju-log', jujuLog],
  ['is-leader', isLeader],
  ['leader-get', leaderGet],
  ['leader-set', leaderSet],
  ['resource-get', resourceGet],
  ['unit-get', unitGet],
  ['network-get', networkGet],
  ['action-get', actionGet],
  ['action-set', actionSet],
  ['action-fail', actionFail],
  ['action-log', actionLog],
  ['state-get', stateGet],
  ['state-set', stateSet],
  ['state-delete', stateDelete],
  ['storage-get', storageGet],
  ['storage-list', storageList],
]);
