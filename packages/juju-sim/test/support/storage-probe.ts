// Helpers for tests that use the storage-probe charm: its path and the trace it writes per unit.
import { join } from 'node:path';
import type { Model } from '../../src';

export const STORAGE_PROBE = join(__dirname, '..', 'charms', 'storage-probe');

export interface StorageTraceLine {
  readonly hook: string;
  /** JUJU_STORAGE_ID. */
  readonly storage?: string;
  /** storage-list --format=json in that hook. */
  readonly list: string[];
  /** storage-get --format=json in storage hooks. */
  readonly get?: { kind: string; location: string };
  /** In storage-detaching: whether the marker written in storage-attached was still on the storage. */
  readonly markerBeforeUnmount?: boolean;
}

export function storageTrace(model: Model, unit: string): StorageTraceLine[] {
  return model
    .unitFile(unit, 'trace.log')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as StorageTraceLine);
}

/** "hook" or "hook storage-id" labels. */
export function storageLabels(model: Model, unit: string): string[] {
  return storageTrace(model, unit).map((t) => (t.storage ? `${t.hook} ${t.storage}` : t.hook));
}
