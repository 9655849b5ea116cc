// Which inputs the files on disk were rendered from. A charm skips rendering when its inputs did not change, and
// must then compare with what is on disk, not with unit state: unit state is committed only when a hook
// succeeds, while files change (and Flume restarts) at once. A hook killed after writing, retried with other
// inputs (issue 14 item 6: batch_size=500 written and applied, the config reverted to 1000, `juju resolve`),
// would otherwise trust a stale record and keep the stale files. The record is dropped before the files change
// and written once they are applied, so a hook killed in between leaves none: the retry renders again.
import { promises as fs } from 'node:fs';
import { readFileIfExists, writeFileAtomic } from './files';
import { machinePath } from './machine-path';
import type { FlumeLayout } from './paths';

function recordPath(layout: FlumeLayout): string {
  // Beside the files it describes, in the root-owned config directory: Flume cannot forge it.
  return machinePath(`${layout.configDir}/.applied-inputs`);
}

/**
 * What is recorded for JSON-able inputs: their JSON text itself (key order as given: build the object the same
 * way every time). Compared whole, it cannot collide, and no hash means no node:crypto to load in every hook
 * (3–15 ms of CPU on the Node builds units run, issue 15). A few KiB at most, in a root-only file.
 */
export function inputsFingerprint(inputs: unknown): string {
  return JSON.stringify(inputs);
}

/** The fingerprint recorded when the files on disk were last applied; undefined when unknown. */
export async function appliedInputs(layout: FlumeLayout): Promise<string | undefined> {
  return (await readFileIfExists(recordPath(layout)))?.trim() || undefined;
}

/** Before the files change. */
export async function forgetAppliedInputs(layout: FlumeLayout): Promise<void> {
  await fs.rm(recordPath(layout), { force: true });
}

/** After the files were written and the service picked them up. */
export async function recordAppliedInputs(layout: FlumeLayout, fingerprint: string): Promise<void> {
  await writeFileAtomic(recordPath(layout), `${fingerprint}\n`, { mode: 0o600 });
}
