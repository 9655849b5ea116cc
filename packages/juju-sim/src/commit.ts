// Juju's hook commit: what a successful hook buffered becomes model state, and the other units hear of it.
import type { HookContext } from './hook-context';
import type { Lifecycle } from './lifecycle';

function sameBag(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const keysA = Object.keys(a ?? {});
  return keysA.length === Object.keys(b).length && keysA.every((k) => a?.[k] === b[k]);
}

export function commitHook(ctx: HookContext, lifecycle: Lifecycle): void {
  const { store, unit, pending } = ctx;
  for (const [id, bag] of pending.unitSettings) {
    const relation = store.relations.get(id);
    if (!relation || sameBag(relation.unitData.get(unit.name), bag)) continue;
    relation.unitData.set(unit.name, bag);
    lifecycle.unitDataChanged(relation, unit);
  }
  for (const [id, bag] of pending.appSettings) {
    const relation = store.relations.get(id);
    if (!relation || sameBag(relation.appData.get(unit.app), bag)) continue;
    relation.appData.set(unit.app, bag);
    lifecycle.appDataChanged(relation, unit);
  }
  for (const op of pending.portOps) {
    const endpoints = unit.ports.get(op.range) ?? new Set<string>();
    if (op.op === 'open') endpoints.add(op.endpoint);
    else if (op.endpoint === '') endpoints.clear();
    else endpoints.delete(op.endpoint);
    if (endpoints.size) unit.ports.set(op.range, endpoints);
    else unit.ports.delete(op.range);
  }
  const app = ctx.app;
  if (pending.leaderData && !sameBag(app.leaderData, pending.leaderData)) {
    app.leaderData = pending.leaderData;
    for (const minion of store.unitsOf(app.name)) {
      if (minion.name !== unit.name && minion.life === 'alive') lifecycle.queueCoalesced(minion, { kind: 'hook', name: 'leader-settings-changed' });
    }
  }
  if (pending.charmState) unit.charmState = pending.charmState;
}
