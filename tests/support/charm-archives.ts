// The .charm files as users get them, for tests that deploy "what ships": packed from the current sources
// (as `make charms` does) into a temporary directory, then unzipped for the simulator to deploy, as
// `juju deploy ./NAME.charm` does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packCharm, unpackCharm } from '@flume-charms/charm-build';

const REPO_ROOT = resolve(__dirname, '../..');

export interface CharmArchives {
  /** Charm name -> the unzipped .charm, ready for Model.deploy. */
  readonly dirs: Readonly<Record<string, string>>;
  /** Charm name -> the .charm file. */
  readonly files: Readonly<Record<string, string>>;
  cleanup(): Promise<void>;
}

/** Packs charms/NAME for each name and unzips each archive, all in one temporary directory. */
export async function packCharmsForTests(names: readonly string[]): Promise<CharmArchives> {
  const work = await mkdtemp(join(tmpdir(), 'charm-archives-'));
  try {
    const dirs: Record<string, string> = {};
    const files: Record<string, string> = {};
    for (const name of names) {
      const packed = await packCharm({ charmDir: join(REPO_ROOT, 'charms', name), outDir: join(work, `${name}-build`), destDir: work });
      files[name] = packed.charmFile;
      dirs[name] = join(work, `${name}-unpacked`);
      unpackCharm(packed.charmFile, dirs[name]);
    }
    return { dirs, files, cleanup: () => rm(work, { recursive: true, force: true }) };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
