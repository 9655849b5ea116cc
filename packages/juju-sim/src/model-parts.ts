// What the model's parts share: the controller's data, the hook queues, storage ids and the units' machines.
import type { Lifecycle } from './lifecycle';
import type { Machines } from './machines';
import type { ModelStore } from './model-store';
import type { StorageIds } from './storage';

export interface ModelParts {
  readonly store: ModelStore;
  readonly lifecycle: Lifecycle;
  readonly storageIds: StorageIds;
  readonly machines: Machines;
}
