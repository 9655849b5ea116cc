import { join, resolve } from 'node:path';
import { buildCharm, type BuildOptions, type BuildResult } from './build-charm';
import { writeFileAtomic } from './fs-util';
import { zipCharmTree } from './zip-write';

export interface PackOptions extends BuildOptions {
  /** Where NAME.charm is written; defaults to the current directory. */
  destDir?: string;
}

export interface PackResult extends BuildResult {
  charmFile: string;
  charmBytes: number;
}

/** Builds the charm, then zips its tree into DEST/NAME.charm (written whole or not at all). */
export async function packCharm(options: PackOptions): Promise<PackResult> {
  const built = await buildCharm(options);
  const archive = zipCharmTree(built.charmTree);
  const charmFile = join(resolve(options.destDir ?? process.cwd()), `${built.name}.charm`);
  writeFileAtomic(charmFile, archive);
  return { ...built, charmFile, charmBytes: archive.byteLength };
}
