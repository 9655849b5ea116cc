// Helpers for tests that use the probe charm: its path and the trace it writes per unit.
import { join } from 'node:path';
import type { Model } from '../../src';

export const PROBE = join(__dirname, '..', 'charms', 'probe');
export const TOOLBOX = join(__dirname, '..', 'charms', 'toolbox');

export interface TraceLine {
  readonly hook: string;
  readonly kind: 'hooks' | 'actions';
  readonly relation?: string;
  readonly remote?: string;
  readonly remoteApp?: string;
  readonly departing?: string;
  readonly leader: boolean;
}

/** Every hook the unit's charm process saw, in order (written by the charm itself, so it proves the env). */
export function trace(model: Model, unit: string): TraceLine[] {
  return model
    .unitFile(unit, 'trace.log')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TraceLine);
}

/** "hook" or "hook remote" labels, for compact order assertions. */
export function labels(model: Model, unit: string): string[] {
  return trace(model, unit).map((t) => (t.remote ? `${t.hook} ${t.remote}` : t.hook));
}
