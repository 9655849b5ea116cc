import { promises as fs } from 'node:fs';
import { readFileIfExists, writeFileAtomic } from './files';
import { machinePath } from './machine-path';
import type { FlumeLayout } from './paths';

// A hook can die (or a systemctl call fail) after a file changed but before the service picked it up.
// The retry would then see "nothing changed" and leave the old config running. So the need for a
// daemon-reload or restart is recorded on disk BEFORE the file changes, and cleared once it was done.

export type PendingAction = 'daemon-reload' | 'restart';

function markerPath(layout: FlumeLayout): string {
  // In the root-owned config directory: Flume cannot forge or clear it.
  return machinePath(`${layout.configDir}/.pending-actions`);
}

export async function readPending(layout: FlumeLayout): Promise<Set<PendingAction>> {
  const text = (await readFileIfExists(markerPath(layout))) ?? '';
  const actions = new Set<PendingAction>();
  for (const word of text.split(/\s+/)) {
    if (word === 'daemon-reload' || word === 'restart') actions.add(word);
  }
  return actions;
}

export async function addPending(layout: FlumeLayout, actions: readonly PendingAction[]): Promise<void> {
  const pending = await readPending(layout);
  const before = pending.size;
  for (const action of actions) pending.add(action);
  if (pending.size === before) return;
  await writeFileAtomic(markerPath(layout), `${[...pending].sort().join('\n')}\n`, { mode: 0o600 });
}

export async function clearPending(layout: FlumeLayout): Promise<void> {
  await fs.rm(markerPath(layout), { force: true });
}
