// A charm for the loader's tests made from one TypeScript source: mini-charm's charmcraft.yaml, src/charm.ts, packed.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packCharm } from '../../src';

const MINI = join(__dirname, '..', 'fixtures', 'mini-charm');

export interface SourceCharm {
  /** A directory of its own under the test's work directory. */
  readonly dir: string;
  readonly source: string;
  /** Links handlebars into the charm's node_modules, as a charm's workspace package has it (packages/flume depends on it). */
  readonly withHandlebars?: boolean;
}

/** Packs the charm; returns the .charm file. */
export async function packSourceCharm({ dir, source, withHandlebars = false }: SourceCharm): Promise<string> {
  const charmDir = join(dir, 'src-charm');
  mkdirSync(join(charmDir, 'src'), { recursive: true });
  if (withHandlebars) {
    mkdirSync(join(charmDir, 'node_modules'));
    symlinkSync(join(__dirname, '..', '..', '..', 'flume', 'node_modules', 'handlebars'), join(charmDir, 'node_modules', 'handlebars'));
  }
  writeFileSync(join(charmDir, 'charmcraft.yaml'), readFileSync(join(MINI, 'charmcraft.yaml')));
  writeFileSync(join(charmDir, 'src', 'charm.ts'), source);
  const packed = await packCharm({ charmDir, outDir: join(dir, 'build'), destDir: dir });
  return packed.charmFile;
}
