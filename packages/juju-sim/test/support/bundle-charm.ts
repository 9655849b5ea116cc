// Builds a test charm whose handlers are written with @flume-charms/reactive: copies the charm tree and
// bundles src/charm.ts into dist/charm.js with esbuild (node18, cjs), as charm-build does for real charms.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';

export async function bundleCharm(charmDir: string): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'juju-sim-charm-'));
  await cp(charmDir, out, { recursive: true, filter: (src) => relative(charmDir, src).split(sep)[0] !== 'src' });
  await build({
    entryPoints: [join(charmDir, 'src', 'charm.ts')],
    outfile: join(out, 'dist', 'charm.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    logLevel: 'error',
  });
  return out;
}
