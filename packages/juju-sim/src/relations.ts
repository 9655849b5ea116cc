// `juju integrate`: matching two endpoint references, refusing duplicates, and the hooks a new relation queues.
import { ModelError, NotFoundError } from './errors';
import type { AppState, RelationEndpoint, RelationState } from './model-state';
import type { ModelStore } from './model-store';
import type { ModelParts } from './model-parts';
import { checkNewRelation } from './subordinates';
import { aliveUnits } from './units';

/** Relates two endpoints ("app:endpoint", or "app" when one endpoint fits); returns the new relation. */
export function relate(parts: ModelParts, a: string, b: string): RelationState {
  const { store } = parts;
  const [first, second] = matchEndpoints(store, a, b);
  const [provider, requirer] = first.endpoint.role === 'provides' ? [first, second] : [second, first];
  for (const r of store.relations.values()) {
    if (r.endpoints.length === 2 && r.endpoints.every((e, i) => e.app === [provider, requirer][i]?.app && e.endpoint.name === [provider, requirer][i]?.endpoint.name)) {
      throw new ModelError(`relation ${requirer.app}:${requirer.endpoint.name} ${provider.app}:${provider.endpoint.name} already exists`);
    }
  }
  checkNewRelation(provider, requirer, store);
  return createRelation(parts, [provider, requirer]);
}

function parseEndpointRef(store: ModelStore, ref: string): { app: AppState; endpoint?: string } {
  const [appName, endpoint] = ref.split(':', 2) as [string, string | undefined];
  return { app: store.app(appName), ...(endpoint ? { endpoint } : {}) };
}

function matchEndpoints(store: ModelStore, a: string, b: string): [RelationEndpoint, RelationEndpoint] {
  const left = parseEndpointRef(store, a);
  const right = parseEndpointRef(store, b);
  const candidates = (side: typeof left): RelationEndpoint[] => {
    const all = [...side.app.meta.endpoints.values()].filter((e) => e.role !== 'peers');
    const chosen = side.endpoint === undefined ? all : all.filter((e) => e.name === side.endpoint);
    if (side.endpoint !== undefined && chosen.length === 0) throw new NotFoundError(`application "${side.app.name}" has no endpoint "${side.endpoint}"`);
    return chosen.map((endpoint) => ({ app: side.app.name, endpoint }));
  };
  const pairs: Array<[RelationEndpoint, RelationEndpoint]> = [];
  for (const l of candidates(left)) {
    for (const r of candidates(right)) {
      const roles = new Set([l.endpoint.role, r.endpoint.role]);
      if (l.endpoint.interface === r.endpoint.interface && roles.has('provides') && roles.has('requires')) pairs.push([l, r]);
    }
  }
  if (pairs.length === 0) throw new ModelError(`no relations found between ${a} and ${b}`);
  if (pairs.length > 1) throw new ModelError(`ambiguous relation: ${a} ${b} could refer to ${pairs.map(([l, r]) => `"${l.app}:${l.endpoint.name} ${r.app}:${r.endpoint.name}"`).join(', ')}`);
  return pairs[0] as [RelationEndpoint, RelationEndpoint];
}

/** A new relation (also a peer one, at deploy): relation-created on every unit first, then the joins. */
export function createRelation(parts: ModelParts, endpoints: RelationEndpoint[]): RelationState {
  const { store, lifecycle } = parts;
  const relation: RelationState = { id: store.nextRelationId++, endpoints, life: 'alive', unitData: new Map(), appData: new Map() };
  store.relations.set(relation.id, relation);
  const sides = [...new Set(endpoints.map((e) => e.app))];
  const units = sides.flatMap((app) => aliveUnits(store, app));
  for (const unit of units) lifecycle.relationCreated(relation, unit);
  for (const unit of units) {
    for (const remote of lifecycle.counterparts(relation, unit)) lifecycle.joined(relation, unit, remote);
  }
  return relation;
}

/** A relation by id or by its endpoints ("a:ep b:ep", either order). */
export function findRelation(store: ModelStore, ref: number | string): RelationState {
  if (typeof ref === 'number') return store.relation(ref);
  const wanted = ref.trim().split(/\s+/).sort().join(' ');
  for (const r of store.relations.values()) {
    const key = r.endpoints.map((e) => `${e.app}:${e.endpoint.name}`).sort().join(' ');
    if (key === wanted) return r;
  }
  throw new NotFoundError(`relation "${ref}" not found`);
}
