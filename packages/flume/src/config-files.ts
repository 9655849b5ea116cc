import { promises as fs } from 'node:fs';
import type { CheckError } from './checker';
import { isErrno, readFileIfExists, writeFileAtomic } from './files';
import { machinePath } from './machine-path';
import { addPending } from './pending-actions';
import type { FlumeLayout } from './paths';
import type { RenderedFiles } from './render';
import { FLUME_GROUP } from './user';

/** A further file of the application's config directory that Flume reads, e.g. the HDFS sink's hdfs-site.xml. */
export interface ExtraConfigFile {
  /** File name inside /etc/flume/APP (`-c CONFDIR` puts it on Flume's classpath), e.g. `hdfs-site.xml`. */
  readonly name: string;
  /** Its content; undefined: the file must not exist (removed when it does). */
  readonly content: string | undefined;
}

export type WriteConfigResult =
  | {
      readonly ok: true;
      readonly changed: { flumeConf: boolean; flumeEnv: boolean; log4j2: boolean; extraFiles: boolean };
    }
  | { readonly ok: false; readonly errors: readonly CheckError[] };

const RESERVED = new Set(['flume.conf', 'flume-env.sh', 'log4j2.xml']);
const EXTRA_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

function extraPath(layout: FlumeLayout, name: string): string {
  if (!EXTRA_NAME.test(name) || RESERVED.has(name)) throw new Error(`invalid extra config file name: ${JSON.stringify(name)}`);
  return machinePath(`${layout.configDir}/${name}`);
}

/**
 * Checks the rendered flume.conf and, only when it is valid, writes the three files and the extra ones
 * atomically (root:flume 0640; Flume reads them, cannot change them). An invalid config never replaces the
 * current one. A change also records a pending restart (pending-actions.ts) that applyService() carries out.
 */
export async function writeConfigFiles(
  layout: FlumeLayout,
  rendered: RenderedFiles,
  agentName: string,
  extraFiles: readonly ExtraConfigFile[] = [],
): Promise<WriteConfigResult> {
  // Loaded by the hooks that write files: update-status starts without it (docs/startup-snapshot.md).
  const { checkFlumeConfig } = await import('./checker');
  const check = checkFlumeConfig(rendered.flumeConf, agentName);
  if (!check.ok) return { ok: false, errors: check.errors };
  const extras = extraFiles.map((file) => ({ path: extraPath(layout, file.name), content: file.content }));
  const targets = [
    { path: machinePath(layout.flumeEnv), content: rendered.flumeEnv },
    { path: machinePath(layout.log4j2), content: rendered.log4j2 },
    ...extras,
    { path: machinePath(layout.flumeConf), content: rendered.flumeConf },
  ];
  const current = await Promise.all(targets.map((t) => readFileIfExists(t.path)));
  // Recorded before anything changes, so a hook killed between the write and the restart still restarts.
  if (current.some((text, i) => text !== targets[i]?.content)) await addPending(layout, ['restart']);
  const options = { mode: 0o640, owner: `root:${FLUME_GROUP}` };
  // flume.conf last: the env, logging and extra files it pairs with are in place before it.
  const flumeEnv = await writeFileAtomic(machinePath(layout.flumeEnv), rendered.flumeEnv, options);
  const log4j2 = await writeFileAtomic(machinePath(layout.log4j2), rendered.log4j2, options);
  let extraChanged = false;
  for (const extra of extras) {
    const changed = extra.content === undefined ? await removeIfExists(extra.path) : (await writeFileAtomic(extra.path, extra.content, options)).changed;
    extraChanged ||= changed;
  }
  const flumeConf = await writeFileAtomic(machinePath(layout.flumeConf), rendered.flumeConf, options);
  return {
    ok: true,
    changed: { flumeConf: flumeConf.changed, flumeEnv: flumeEnv.changed, log4j2: log4j2.changed, extraFiles: extraChanged },
  };
}

async function removeIfExists(file: string): Promise<boolean> {
  try {
    await fs.unlink(file);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}
