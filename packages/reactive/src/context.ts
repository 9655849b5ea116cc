// The hook context: what Juju tells a hook through its environment.
import { HookContextError } from './errors';

export interface HookContext {
  readonly unitName: string;
  /** Application name, from the unit name. */
  readonly appName: string;
  readonly charmDir: string;
  /** e.g. 'install', 'flume-agent-relation-changed'; for actions, the action name. */
  readonly hookName: string;
  readonly dispatchPath: string | undefined;
  readonly modelName: string | undefined;
  readonly jujuVersion: string | undefined;
  /** Relation hooks: the relation name (endpoint), its id 'NAME:ID', the remote unit and app. */
  readonly relationName: string | undefined;
  readonly relationId: string | undefined;
  readonly remoteUnit: string | undefined;
  readonly remoteApp: string | undefined;
  readonly departingUnit: string | undefined;
  /** Actions: the action name. */
  readonly actionName: string | undefined;
  /** Storage hooks (`NAME-storage-attached`, `NAME-storage-detaching`): the storage id, `NAME/N`. */
  readonly storageId: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** Read the context from the environment; a missing unit name or charm dir is a clear error. */
export function readHookContext(env: Env = process.env): HookContext {
  const unitName = nonEmpty(env.JUJU_UNIT_NAME);
  if (!unitName) throw new HookContextError('JUJU_UNIT_NAME is not set: not running as a Juju hook');
  const charmDir = nonEmpty(env.JUJU_CHARM_DIR) ?? nonEmpty(env.CHARM_DIR);
  if (!charmDir) throw new HookContextError('neither JUJU_CHARM_DIR nor CHARM_DIR is set');
  const dispatchPath = nonEmpty(env.JUJU_DISPATCH_PATH);
  // dispatch sets JUJU_DISPATCH_PATH=hooks/NAME or actions/NAME; JUJU_HOOK_NAME may be absent.
  const dispatched = dispatchPath?.split('/').pop();
  const isActionPath = dispatchPath?.startsWith('actions/') ?? false;
  const actionName = nonEmpty(env.JUJU_ACTION_NAME) ?? (isActionPath ? dispatched : undefined);
  const hookName = nonEmpty(env.JUJU_HOOK_NAME) ?? actionName ?? dispatched;
  if (!hookName) throw new HookContextError('cannot tell the hook: JUJU_HOOK_NAME and JUJU_DISPATCH_PATH are unset');
  const relationId = nonEmpty(env.JUJU_RELATION_ID);
  const relationName = nonEmpty(env.JUJU_RELATION) ?? relationId?.split(':')[0];
  return {
    unitName,
    appName: unitName.split('/')[0] ?? unitName,
    charmDir,
    hookName,
    dispatchPath,
    modelName: nonEmpty(env.JUJU_MODEL_NAME),
    jujuVersion: nonEmpty(env.JUJU_VERSION),
    relationName,
    relationId,
    remoteUnit: nonEmpty(env.JUJU_REMOTE_UNIT),
    remoteApp: nonEmpty(env.JUJU_REMOTE_APP) ?? nonEmpty(env.JUJU_REMOTE_UNIT)?.split('/')[0],
    departingUnit: nonEmpty(env.JUJU_DEPARTING_UNIT),
    actionName,
    storageId: nonEmpty(env.JUJU_STORAGE_ID),
  };
}

/** True for `NAME-relation-*` hooks of the given relation name. */
export function isRelationHookOf(context: HookContext, relationName: string): boolean {
  return context.actionName === undefined && context.hookName.startsWith(`${relationName}-relation-`);
}
