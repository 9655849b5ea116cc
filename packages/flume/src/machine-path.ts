import * as path from 'node:path';

/**
 * The real location of an absolute machine path. Juju never sets CHARM_ROOTFS; juju-sim sets it to the
 * unit's private root, so that every file this package touches lands inside it (docs/contracts.md §3).
 * Paths written INTO files (unit files, flume.conf) stay unprefixed: they describe the real machine.
 */
export function machinePath(absolute: string): string {
  if (!path.posix.isAbsolute(absolute)) throw new Error(`machinePath needs an absolute path, got ${absolute}`);
  const root = process.env.CHARM_ROOTFS;
  return root ? path.join(root, absolute) : absolute;
}
