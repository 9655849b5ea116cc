import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runCommand } from './commands';
import { LayoutError } from './errors';
import { isErrno } from './files';
import { machinePath } from './machine-path';
import { fileChannelDirs, type FlumeLayout } from './paths';
import { FLUME_GROUP, FLUME_USER } from './user';

/** Owners and modes of the application's directories (least privilege: flume writes only state and logs). */
export function layoutDirectories(layout: FlumeLayout): ReadonlyArray<{ path: string; mode: number; owner: string }> {
  return [
    // Flume reads its config but cannot change it: a compromised agent cannot rewrite its own flows.
    { path: layout.configDir, mode: 0o750, owner: `root:${FLUME_GROUP}` },
    { path: layout.dataDir, mode: 0o700, owner: `${FLUME_USER}:${FLUME_GROUP}` },
    { path: layout.channelRoot, mode: 0o700, owner: `${FLUME_USER}:${FLUME_GROUP}` },
    // file_roll writes here and never creates it (RollingFileSink has no mkdirs); under dataDir, so writable.
    { path: layout.eventsDir, mode: 0o700, owner: `${FLUME_USER}:${FLUME_GROUP}` },
    { path: layout.logDir, mode: 0o750, owner: `${FLUME_USER}:${FLUME_GROUP}` },
  ];
}

/**
 * Creates the config, data, channel and log directories with strict modes and owners:
 *   chown root:flume /etc/flume/APP
 *   chown flume:flume /var/lib/flume/APP  (and the channel root, the events dir, and /var/log/flume/APP)
 * Parents (/etc/flume, /var/lib/flume, /var/log/flume) stay root-owned 0755. A symlink in place of one of
 * these directories is refused rather than followed (chown follows symlinks).
 */
export async function ensureLayout(layout: FlumeLayout): Promise<void> {
  for (const dir of layoutDirectories(layout)) {
    const real = machinePath(dir.path);
    await fs.mkdir(path.dirname(real), { recursive: true, mode: 0o755 });
    try {
      await fs.mkdir(real, { mode: dir.mode });
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const stat = await fs.lstat(real);
    if (!stat.isDirectory()) throw new LayoutError(`${dir.path} exists and is not a directory`);
    await fs.chmod(real, dir.mode);
    await runCommand('chown', [dir.owner, real]);
  }
}

/** The directory of one file channel (its checkpoint and data), under the channel root. */
function fileChannelRoot(layout: FlumeLayout, channel: string): string {
  return path.posix.dirname(fileChannelDirs(layout, channel).checkpointDir);
}

/** True when the file channel has a directory on disk (Flume creates it when the channel first starts). */
export async function fileChannelExists(layout: FlumeLayout, channel: string): Promise<boolean> {
  try {
    return (await fs.lstat(machinePath(fileChannelRoot(layout, channel)))).isDirectory();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}

/**
 * Deletes a file channel's checkpoint and data: only for a channel that Flume no longer reads and that is
 * empty (the caller decides that). A symlink in its place is removed, never followed.
 */
export async function removeFileChannel(layout: FlumeLayout, channel: string): Promise<void> {
  await fs.rm(machinePath(fileChannelRoot(layout, channel)), { recursive: true, force: true });
}
