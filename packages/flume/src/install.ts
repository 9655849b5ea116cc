import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ResourceError } from './errors';
import { isErrno, readFileIfExists, syncDirectory, writeFileAtomic } from './files';
import { machinePath } from './machine-path';
import { versionDir, type FlumeLayout } from './paths';
import type { TarballLimits } from './tarball-rules';

export interface InstallResult {
  /** Flume version, from lib/flume-ng-core-VERSION.jar: give it to application-version-set. */
  readonly version: string;
  /** The versioned directory (real machine path). */
  readonly home: string;
  /** False when this very tarball was already installed and current (nothing was written). */
  readonly changed: boolean;
}

export interface InstallOptions {
  limits?: TarballLimits;
  /**
   * Called once the tarball is known to be new (a different file than the installed one), before anything
   * is written: e.g. `() => addPending(layout, ['restart'])`, so that a hook killed between this install and
   * the restart still restarts Flume when it is retried (the retry finds nothing left to install).
   */
  beforeChange?: () => Promise<void>;
}

/**
 * Installs Flume from the `flume` resource (the path resource-get printed):
 * 1. inspect the whole archive, writing nothing (ResourceError when it is missing, corrupt, unsafe or not Flume);
 * 2. extract into a temp directory beside the versioned target, checking every entry again;
 * 3. rename it to /opt/flume/APP/apache-flume-VERSION-bin (atomic), replacing a different build of that version;
 * 4. switch the /opt/flume/APP/current symlink atomically (new link + rename).
 * Nothing is written outside /opt/flume/APP. Re-running with the same file is a no-op.
 */
export async function installFlume(
  layout: FlumeLayout,
  tarball: string,
  optionsOrLimits: InstallOptions | TarballLimits = {},
): Promise<InstallResult> {
  // A bare TarballLimits is what earlier callers pass.
  const options: InstallOptions = 'maxTotalBytes' in optionsOrLimits ? { limits: optionsOrLimits } : optionsOrLimits;
  // Loaded by the hooks that install: update-status starts without them (docs/startup-snapshot.md).
  const [{ extractFlumeTarball, inspectFlumeTarball }, { DEFAULT_TARBALL_LIMITS }] = await Promise.all([import('./tarball'), import('./tarball-rules')]);
  const limits = options.limits ?? DEFAULT_TARBALL_LIMITS;
  const inspected = await inspectFlumeTarball(tarball, limits);
  const home = versionDir(layout, inspected.version);
  const installDir = machinePath(layout.installDir);
  const target = machinePath(home);
  const marker = `${target}.sha256`; // beside, not inside, the tree it describes

  const current = await installedVersion(layout);
  if (current === inspected.version && (await readFileIfExists(marker))?.trim() === inspected.sha256) {
    return { version: inspected.version, home, changed: false };
  }
  await options.beforeChange?.();

  await fs.mkdir(installDir, { recursive: true, mode: 0o755 });
  const staging = await fs.mkdtemp(path.join(installDir, '.extract-'));
  try {
    const extracted = await extractFlumeTarball(tarball, staging, limits);
    if (extracted.sha256 !== inspected.sha256 || extracted.version !== inspected.version) {
      throw new ResourceError('corrupt', 'the resource changed while it was being installed');
    }
    await fs.chmod(path.join(staging, extracted.topDir), 0o755);
    await replaceDirectory(path.join(staging, extracted.topDir), target, installDir);
    await writeFileAtomic(marker, `${inspected.sha256}\n`, { mode: 0o644 });
    await switchSymlink(machinePath(layout.flumeHome), path.basename(home));
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return { version: inspected.version, home, changed: true };
}

/** The version the `current` symlink points at, or undefined when Flume is not installed. */
export async function installedVersion(layout: FlumeLayout): Promise<string | undefined> {
  try {
    const link = await fs.readlink(machinePath(layout.flumeHome));
    const match = /^apache-flume-(.+)-bin$/.exec(path.basename(link));
    if (!match?.[1]) return undefined;
    await fs.access(path.join(machinePath(layout.installDir), link, 'bin', 'flume-ng'));
    return match[1];
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'EINVAL')) return undefined;
    throw error;
  }
}

/** Moves `source` to `target`; an existing target is first moved aside, then removed. */
async function replaceDirectory(source: string, target: string, parent: string): Promise<void> {
  const aside = path.join(parent, `.old-${randomBytes(6).toString('hex')}`);
  let movedAside = false;
  try {
    await fs.rename(target, aside);
    movedAside = true;
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await fs.rename(source, target);
  await syncDirectory(parent);
  if (movedAside) await fs.rm(aside, { recursive: true, force: true });
}

/** Points `link` at `relativeTarget` atomically: a new symlink renamed over the old one. */
async function switchSymlink(link: string, relativeTarget: string): Promise<void> {
  const temp = `${link}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await fs.symlink(relativeTarget, temp);
    await fs.rename(temp, link);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(path.dirname(link));
}
