// Subordinate applications (metadata `subordinate: true`) and container-scoped relations, with Juju's rules:
// - a subordinate application has no units of its own: `deploy` gives it none, `add-unit` and `remove-unit` refuse;
// - a container-scoped relation needs a subordinate on one side and a common base on both (state.AddRelation);
// - when a principal unit enters a container-scoped relation, one subordinate unit is created beside it, on its
//   machine; it pairs only with that principal unit;
// - the subordinate unit goes when its principal unit goes, or when its last container relation to it is removed.
// Checked against juju/juju: state.AddRelation, Application.addUnitOps, the application API's DestroyUnit and
// the deploy command.
import type { CharmMeta } from './charm-meta';
import { basesIntersect } from './charm-bases';
import { ModelError } from './errors';
import { remoteApp, type AppState, type RelationEndpoint, type RelationState, type UnitState } from './model-state';
import type { ModelStore } from './model-store';

/** Juju makes a relation container-scoped when either endpoint is. */
export function isContainerScoped(relation: Pick<RelationState, 'endpoints'>): boolean {
  return relation.endpoints.some((e) => e.endpoint.scope === 'container');
}

/** Two units on one machine: a principal and its subordinate, or two subordinates of one principal. */
export function inSameContainer(a: UnitState, b: UnitState): boolean {
  return a.principal === b.name || b.principal === a.name || (a.principal !== undefined && a.principal === b.principal);
}

/** `juju deploy`: a subordinate gets no units; asking for any number but the default is refused. */
export function deployUnitCount(meta: CharmMeta, requested: number | undefined): number {
  const units = requested ?? 1;
  if (!meta.subordinate) return units;
  if (units !== 1) throw new ModelError('cannot use --num-units or --to with subordinate application');
  return 0;
}

export function refuseAddUnit(app: AppState): void {
  if (app.meta.subordinate) throw new ModelError(`cannot add unit to application "${app.name}": application is a subordinate`);
}

export function refuseRemoveUnit(unit: UnitState): void {
  if (unit.principal !== undefined) {
    throw new ModelError(`unit "${unit.name}" is a subordinate, to remove use remove-relation. Note: this will remove all units of "${unit.app}"`);
  }
}

/** Juju's refusals of a new relation between `provider` and `requirer`, in its words. */
export function checkNewRelation(provider: RelationEndpoint, requirer: RelationEndpoint, store: ModelStore): void {
  if (!isContainerScoped({ endpoints: [provider, requirer] })) return;
  const key = `${requirer.app}:${requirer.endpoint.name} ${provider.app}:${provider.endpoint.name}`;
  const apps = [store.app(provider.app), store.app(requirer.app)];
  const [a, b] = apps.map((app) => app.meta.bases) as [readonly string[], readonly string[]];
  // A charm that declares no base (a small test charm) is not held to the rule.
  if (a.length > 0 && b.length > 0 && !basesIntersect(a, b)) {
    throw new ModelError(`cannot add relation "${key}": principal and subordinate applications' bases must match`);
  }
  if (!apps.some((app) => app.meta.subordinate)) {
    throw new ModelError(`cannot add relation "${key}": container scoped relation requires at least one subordinate application`);
  }
}

/** Whether a new unit enters an existing relation: a subordinate unit enters container scope with its principal only. */
export function entersRelation(store: ModelStore, unit: Pick<UnitState, 'app' | 'principal'>, relation: RelationState): boolean {
  if (!isContainerScoped(relation) || unit.principal === undefined) return true;
  return remoteApp(relation, unit.app) === store.unit(unit.principal).app;
}

/**
 * The subordinate application whose unit a principal unit needs after entering `relation` (its relation-created
 * hook committed), or undefined when there is none to create.
 */
export function subordinateToCreate(store: ModelStore, unit: UnitState, relation: RelationState): AppState | undefined {
  if (unit.principal !== undefined || relation.life !== 'alive' || unit.life !== 'alive' || !isContainerScoped(relation)) return undefined;
  const app = store.app(remoteApp(relation, unit.app));
  if (!app.meta.subordinate) return undefined;
  const exists = store.unitsOf(app.name).some((u) => u.life !== 'dead' && u.principal === unit.name);
  return exists ? undefined : app;
}

/** The subordinate units living beside a principal unit. */
export function subordinatesOf(store: ModelStore, unit: UnitState): UnitState[] {
  return [...store.units.values()].filter((u) => u.principal === unit.name && u.life === 'alive');
}

/** Subordinate units left without any container relation to their principal once `removed` goes. */
export function orphanedBy(store: ModelStore, removed: RelationState): UnitState[] {
  if (!isContainerScoped(removed)) return [];
  const apps = new Set(removed.endpoints.map((e) => e.app));
  return [...apps]
    .flatMap((app) => store.unitsOf(app))
    .filter((sub) => sub.life === 'alive' && sub.principal !== undefined && apps.has(store.unit(sub.principal).app))
    .filter((sub) => {
      const principalApp = store.unit(sub.principal as string).app;
      return ![...store.relations.values()].some(
        (r) => r !== removed && r.life === 'alive' && isContainerScoped(r) && r.endpoints.some((e) => e.app === sub.app) && r.endpoints.some((e) => e.app === principalApp),
      );
    });
}
