// Bundles a test charm as charm-build does for real ones (esbuild, node18, cjs, minified): copies the charm's
// static files and writes dist/charm.js. Returns the directory to deploy on the juju-sim Model.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';

export async function bundleCharm(charmDir: string): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'flume-interface-charm-'));
  await cp(charmDir, out, { recursive: true, filter: (src) => relative(charmDir, src).split(sep)[0] !== 'src' });
  await build({
    entryPoints: [join(charmDir, 'src', 'charm.ts')],
    outfile: join(out, 'dist', 'charm.js'),
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    minify: true,
    logLevel: 'error',
  });
  return out;
}
