// charms.reactive Endpoint: one instance per relation name, with automatic flags, relations, units and
// the data this unit publishes. Relation membership is cached in the unit state and refreshed only in this
// endpoint's relation hooks, so an unrelated hook (update-status) costs no relation tool call.
import { isRelationHookOf } from './context';
import { EndpointError, RegistrationError } from './errors';
import { isLeader } from './hookcmds/leader';
import { isFlagSet, setFlag, toggleFlag } from './flags';
import { relationGet, relationIds, relationList, relationListApp, relationSet } from './hookcmds/relation';
import type { Databag, Json } from './json';
import { currentRuntime, maybeRuntime, type Runtime } from './runtime';
import type { KeyValue } from './unit-state';

export type RelationRole = 'provides' | 'requires' | 'peers';

export interface EndpointRegistration {
  readonly name: string;
  readonly endpointClass: EndpointClass;
  /** metadata.yaml role; needed by hook patterns like '{provides:NAME}-relation-joined'. */
  readonly role: RelationRole | undefined;
  /** metadata.yaml interface; defaults to the relation name. */
  readonly interface: string;
}

export type EndpointClass = new (endpointName: string) => Endpoint;

// Internal entry points of the runtime; symbols keep them off the public surface of subclasses.
export const startEndpoint = Symbol('startEndpoint');
export const commitEndpoint = Symbol('commitEndpoint');

/** What the unit state remembers about one relation. */
type CachedRelation = { app: string | null; units: string[] };
type CachedMembership = { [relationId: string]: CachedRelation };

const kvKey = (endpointName: string, what: string): string => `reactive.endpoint.${endpointName}.${what}`;

export class RelatedUnit {
  private received: Promise<Databag> | undefined;

  constructor(readonly relation: Relation, readonly name: string) {}

  /** The unit number: 'app/3' -> 3. */
  get number(): number {
    return Number(this.name.split('/')[1]);
  }
  get application(): string {
    return this.name.split('/')[0] ?? this.name;
  }

  /** The unit's databag; relation-get is called once per unit per hook. */
  receivedRaw(): Promise<Databag> {
    this.received ??= relationGet(this.name, { relationId: this.relation.relationId });
    return this.received;
  }
}

export class Relation {
  readonly units: RelatedUnit[];
  /** What this unit publishes; changes are relation-set at the end of a successful hook. */
  readonly toPublishRaw: Databag;
  /** What this application publishes (leader only); same commit rule. */
  readonly toPublishAppRaw: Databag;
  private receivedApp: Promise<Databag> | undefined;

  constructor(
    readonly endpointName: string,
    readonly relationId: string,
    readonly application: string | null,
    unitNames: readonly string[],
    published: Databag,
    publishedApp: Databag,
  ) {
    this.units = [...unitNames].sort(compareUnits).map((name) => new RelatedUnit(this, name));
    this.toPublishRaw = { ...published };
    this.toPublishAppRaw = { ...publishedApp };
  }

  /** The remote application's databag (relation-get --app), once per hook. */
  receivedAppRaw(): Promise<Databag> {
    if (!this.application) return Promise.resolve({});
    this.receivedApp ??= relationGet(this.application, { relationId: this.relationId, app: true });
    return this.receivedApp;
  }
}

function compareUnits(a: string, b: string): number {
  const [appA = '', numA = '0'] = a.split('/');
  const [appB = '', numB = '0'] = b.split('/');
  return appA === appB ? Number(numA) - Number(numB) : appA < appB ? -1 : 1;
}

function isDatabag(value: Json | undefined): value is Databag {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** The keys to relation-set: changed or new values, and '' for keys that were removed. */
export function databagChanges(before: Databag, after: Databag): Databag {
  const changes: Databag = {};
  for (const [key, value] of Object.entries(after)) {
    if (typeof value !== 'string') throw new TypeError(`relation data must be strings; key '${key}' is ${typeof value}`);
    if (before[key] !== value) changes[key] = value;
  }
  for (const key of Object.keys(before)) if (!(key in after)) changes[key] = '';
  return changes;
}

export class Endpoint {
  private currentRelations: Relation[] = [];

  constructor(readonly endpointName: string) {}

  /** 'joined' -> 'endpoint.NAME.joined'; '{endpoint_name}.connected' -> 'NAME.connected'. */
  expandName(flag: string): string {
    const full = flag.includes('{endpoint_name}') ? flag : `endpoint.{endpoint_name}.${flag}`;
    return full.split('{endpoint_name}').join(this.endpointName);
  }

  /** The established relations of this endpoint, each with its joined units. */
  get relations(): Relation[] {
    return [...this.currentRelations];
  }

  /** Whether any remote unit is joined on any relation of this endpoint. */
  get joined(): boolean {
    return this.allJoinedUnits.length > 0;
  }
  get isJoined(): boolean {
    return this.joined;
  }

  /** All joined units, by relation id then unit name. */
  get allJoinedUnits(): RelatedUnit[] {
    return this.currentRelations.flatMap((relation) => relation.units);
  }

  /** A namespaced view of the unit's kv store for this endpoint's own caches. */
  get kv(): KeyValue {
    return currentRuntime('Endpoint.kv').state.kv.namespace(`endpoint.${this.endpointName}.`);
  }

  /** Called once per hook, after the automatic flags are set and before the dispatch loop. */
  protected manageFlags(): void | Promise<void> {}

  async [startEndpoint](runtime: Runtime): Promise<void> {
    const membership = await this.loadMembership(runtime);
    const kv = runtime.state.kv;
    const published = kv.get(kvKey(this.endpointName, 'published')) ?? {};
    const publishedApp = kv.get(kvKey(this.endpointName, 'published-app')) ?? {};
    const bagOf = (store: Json, id: string): Databag => {
      const bag = typeof store === 'object' && store !== null && !Array.isArray(store) ? store[id] : undefined;
      return isDatabag(bag) ? bag : {};
    };
    this.currentRelations = Object.keys(membership)
      .sort()
      .map((id) => {
        const cached = membership[id] as CachedRelation;
        return new Relation(this.endpointName, id, cached.app, cached.units, bagOf(published, id), bagOf(publishedApp, id));
      });
    await this.manageAutomaticFlags(runtime);
    await this.manageFlags();
  }

  /** relation-set what changed since the last successful publish, then remember it. */
  async [commitEndpoint](runtime: Runtime): Promise<void> {
    const kv = runtime.state.kv;
    for (const [what, app] of [['published', false], ['published-app', true]] as const) {
      const stored = kv.get(kvKey(this.endpointName, what)) ?? {};
      const next: { [relationId: string]: Databag } = {};
      for (const relation of this.currentRelations) {
        const before = isDatabag((stored as { [k: string]: Json })[relation.relationId]) ? ((stored as { [k: string]: Databag })[relation.relationId] as Databag) : {};
        const after = app ? relation.toPublishAppRaw : relation.toPublishRaw;
        const changes = databagChanges(before, after);
        if (Object.keys(changes).length > 0) {
          // Juju refuses app data from a non-leader; say so in our words rather than a tool error.
          if (app && !(await isLeader())) {
            throw new EndpointError(`${relation.relationId}: toPublishAppRaw changed on a unit that is not the leader`);
          }
          await relationSet(changes, { relationId: relation.relationId, app });
        }
        next[relation.relationId] = Object.fromEntries(Object.entries(after).filter(([, v]) => v !== ''));
      }
      // Relations that are gone are forgotten with them.
      if (Object.keys(next).length > 0) kv.set(kvKey(this.endpointName, what), next);
      else kv.unset(kvKey(this.endpointName, what));
    }
  }

  private async loadMembership(runtime: Runtime): Promise<CachedMembership> {
    const { context, state } = runtime;
    const key = kvKey(this.endpointName, 'relations');
    const cached = state.kv.get<CachedMembership>(key);
    const ownHook = isRelationHookOf(context, this.endpointName);
    if (cached && !ownHook && context.hookName !== 'upgrade-charm') return cached;

    const membership: CachedMembership = {};
    for (const id of await relationIds(this.endpointName)) {
      const relationId = id.includes(':') ? id : `${this.endpointName}:${id}`;
      const isCurrent = ownHook && relationId === context.relationId;
      // The broken relation is gone; the departing unit has left (charms.reactive counts it departed at once).
      if (isCurrent && context.hookName.endsWith('-relation-broken')) continue;
      const departing = isCurrent && context.hookName.endsWith('-relation-departed') ? (context.departingUnit ?? context.remoteUnit) : undefined;
      const units = (await relationList(relationId)).filter((unit) => unit !== departing);
      if (isCurrent && context.hookName.endsWith('-relation-departed') && units.length === 0) continue;
      const app =
        units[0]?.split('/')[0] ??
        cached?.[relationId]?.app ??
        (isCurrent ? context.remoteApp : undefined) ??
        (await relationListApp(relationId));
      membership[relationId] = { app: app ?? null, units };
    }
    state.kv.set(key, membership);
    return membership;
  }

  // charms.reactive Endpoint._manage_flags, with the received data compared against the copy kept in kv.
  private async manageAutomaticFlags(runtime: Runtime): Promise<void> {
    const { context } = runtime;
    const alreadyJoined = isFlagSet(this.expandName('joined'));
    const relationHook = isRelationHookOf(context, this.endpointName);
    toggleFlag(this.expandName('joined'), this.joined);
    if (relationHook && context.hookName.endsWith('-relation-departed')) setFlag(this.expandName('departed'));
    if (alreadyJoined && !relationHook) return;

    const kv = runtime.state.kv;
    const receivedKey = kvKey(this.endpointName, 'received');
    const previous = kv.get<{ [unitKey: string]: Databag }>(receivedKey) ?? {};
    const unitKey = (unit: RelatedUnit): string => `${unit.relation.relationId}/${unit.name}`;
    // Juju runs a relation hook for the one remote unit whose data changed: read only that unit, so the cost of
    // a hook does not grow with the number of related units. Outside relation hooks (migration, upgrade), read all.
    const toCompare = relationHook
      ? this.allJoinedUnits.filter((u) => u.relation.relationId === context.relationId && u.name === context.remoteUnit)
      : this.allJoinedUnits;
    const next: { [unitKey: string]: Databag } = {};
    for (const unit of this.allJoinedUnits) {
      const kept = previous[unitKey(unit)];
      if (kept) next[unitKey(unit)] = kept;
    }
    for (const unit of toCompare) {
      const after = await unit.receivedRaw();
      for (const field of Object.keys(databagChanges(previous[unitKey(unit)] ?? {}, after))) {
        setFlag(this.expandName('changed'));
        setFlag(this.expandName(`changed.${field}`));
      }
      next[unitKey(unit)] = after;
    }
    kv.set(receivedKey, next);
  }
}

const registrations = new Map<string, EndpointRegistration>();
/** The list endpointRegistrations() returns, the same array until the registrations change. */
let listed: readonly EndpointRegistration[] | undefined;

export interface EndpointOptions {
  readonly role?: RelationRole;
  readonly interface?: string;
}

/** Register an Endpoint subclass for a relation name of metadata.yaml. */
export function registerEndpoint(name: string, endpointClass: EndpointClass, options: EndpointOptions = {}): void {
  if (registrations.has(name)) throw new RegistrationError(`an endpoint is already registered for relation '${name}'`);
  registrations.set(name, { name, endpointClass, role: options.role, interface: options.interface ?? name });
  listed = undefined;
}

export function endpointRegistrations(): readonly EndpointRegistration[] {
  return (listed ??= [...registrations.values()]);
}

export function clearEndpointRegistrations(): void {
  registrations.clear();
  listed = undefined;
}

/** The Endpoint instance of a relation name, during a hook; undefined if none is registered. */
export function endpointFromName(name: string): Endpoint | undefined {
  return maybeRuntime()?.endpoints.get(name);
}

/** charms.reactive Endpoint.from_flag: 'endpoint.NAME.x' or 'NAME.x', only while the flag is set. */
export function endpointFromFlag(flag: string): Endpoint | undefined {
  if (!flag.includes('.') || !isFlagSet(flag)) return undefined;
  const parts = flag.split('.');
  return endpointFromName((parts[0] === 'endpoint' ? parts[1] : parts[0]) ?? '');
}
