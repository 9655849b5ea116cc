import { checkFlumeConfig, type CheckError } from './checker';
import { readFileIfExists, writeFileAtomic } from './files';
import { machinePath } from './machine-path';
import { addPending } from './pending-actions';
import type { FlumeLayout } from './paths';
import type { RenderedFiles } from './render';
import { FLUME_GROUP } from './user';

export type WriteConfigResult =
  | { readonly ok: true; readonly changed: { flumeConf: boolean; flumeEnv: boolean; log4j2: boolean } }
  | { readonly ok: false; readonly errors: readonly CheckError[] };

/**
 * Checks the rendered flume.conf and, only when it is valid, writes the three files atomically
 * (root:flume 0640; Flume reads them, cannot change them). An invalid config never replaces the current one.
 * A change also records a pending restart (pending-actions.ts) that applyService() carries out.
 */
export async function writeConfigFiles(
  layout: FlumeLayout,
  rendered: RenderedFiles,
  agentName: string,
): Promise<WriteConfigResult> {
  const check = checkFlumeConfig(rendered.flumeConf, agentName);
  if (!check.ok) return { ok: false, errors: check.errors };
  const targets = [layout.flumeEnv, layout.log4j2, layout.flumeConf] as const;
  const contents = [rendered.flumeEnv, rendered.log4j2, rendered.flumeConf] as const;
  const current = await Promise.all(targets.map((t) => readFileIfExists(machinePath(t))));
  // Recorded before anything changes, so a hook killed between the write and the restart still restarts.
  if (current.some((text, i) => text !== contents[i])) await addPending(layout, ['restart']);
  const options = { mode: 0o640, owner: `root:${FLUME_GROUP}` };
  // flume.conf last: the env and logging it pairs with are in place before it.
  const flumeEnv = await writeFileAtomic(machinePath(layout.flumeEnv), rendered.flumeEnv, options);
  const log4j2 = await writeFileAtomic(machinePath(layout.log4j2), rendered.log4j2, options);
  const flumeConf = await writeFileAtomic(machinePath(layout.flumeConf), rendered.flumeConf, options);
  return { ok: true, changed: { flumeConf: flumeConf.changed, flumeEnv: flumeEnv.changed, log4j2: log4j2.changed } };
}
