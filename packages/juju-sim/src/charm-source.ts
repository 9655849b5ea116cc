// What `deploy` and `upgradeCharm` accept, as `juju deploy` does: an unpacked charm directory, or a packed
// `.charm` file, which is unpacked into the model's directory. A charm *source* directory (charmcraft.yaml, no
// dispatch) is refused with the command that builds it.
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CharmError } from './errors';

let unpacked = 0;

/** The unpacked charm directory for `path`: the directory itself, or a `.charm` file unpacked under `modelDir`. */
export async function charmDirectory(path: string, modelDir: string): Promise<string> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new CharmError(`${absolute}: no such charm file or directory`);
  if (statSync(absolute).isFile()) {
    if (!absolute.endsWith('.charm')) throw new CharmError(`${absolute}: not a .charm file or a charm directory`);
    // Loaded on use: only .charm files need the archive reader.
    const { unpackCharm } = await import('@flume-charms/charm-build');
    const dir = join(modelDir, 'charms', `${basename(absolute, '.charm')}-${++unpacked}`);
    await mkdir(dir, { recursive: true });
    try {
      unpackCharm(absolute, dir);
    } catch (error) {
      throw new CharmError(`${absolute}: not a valid .charm archive: ${(error as Error).message}`);
    }
    return dir;
  }
  if (!existsSync(join(absolute, 'dispatch')) && !existsSync(join(absolute, 'hooks'))) {
    const source = existsSync(join(absolute, 'charmcraft.yaml'));
    throw new CharmError(
      source
        ? `${absolute}: a charm source directory (charmcraft.yaml, no dispatch): build it first, with \`make build\` (then deploy ${join(absolute, 'build', 'charm')}) or \`make charms\` (then deploy ./${basename(absolute)}.charm)`
        : `${absolute}: the charm has neither dispatch nor hooks/ (for this repository's charms, run \`make charms\` and deploy ./NAME.charm)`,
    );
  }
  return absolute;
}
