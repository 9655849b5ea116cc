// One queued event for a unit: a hook, or an action, with the context Juju gives it.

export interface ActionRequest {
  readonly name: string;
  readonly id: string;
  readonly params: Record<string, unknown>;
}

export interface HookEvent {
  /** Global order in which events were queued; the scheduler runs the lowest first. */
  readonly seq: number;
  /** The hook name (`install`, `db-relation-joined`) or, for an action, the action name. */
  readonly name: string;
  readonly kind: 'hook' | 'action';
  readonly relationId?: number;
  /** The endpoint name (JUJU_RELATION) for relation hooks. */
  readonly relationName?: string;
  readonly remoteUnit?: string;
  readonly remoteApp?: string;
  readonly departingUnit?: string;
  /** Storage hooks: the storage id (JUJU_STORAGE_ID), `NAME/N`. */
  readonly storageId?: string;
  readonly action?: ActionRequest;
}

export type StorageHookKind = 'attached' | 'detaching';

export function storageHookName(storage: string, kind: StorageHookKind): string {
  return `${storage}-storage-${kind}`;
}

export type RelationHookKind = 'created' | 'joined' | 'changed' | 'departed' | 'broken';

export function relationHookName(endpoint: string, kind: RelationHookKind): string {
  return `${endpoint}-relation-${kind}`;
}

/** Short description for logs and error messages: `db-relation-changed (db:1, remote mysql/0)`. */
export function describeEvent(event: HookEvent): string {
  const parts: string[] = [];
  if (event.relationId !== undefined) parts.push(`${event.relationName ?? ''}:${event.relationId}`);
  if (event.remoteUnit) parts.push(`remote ${event.remoteUnit}`);
  else if (event.remoteApp) parts.push(`remote app ${event.remoteApp}`);
  if (event.departingUnit) parts.push(`departing ${event.departingUnit}`);
  if (event.storageId) parts.push(`storage ${event.storageId}`);
  const kind = event.kind === 'action' ? 'action ' : '';
  return parts.length ? `${kind}${event.name} (${parts.join(', ')})` : `${kind}${event.name}`;
}
