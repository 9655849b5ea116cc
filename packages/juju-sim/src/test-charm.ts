// A test utility: turns a small charm source tree (charmcraft-free: metadata.yaml, dispatch, src/charm.ts) into a
// deployable charm directory, bundling src/charm.ts exactly as charm-build bundles the real charms (esbuild,
// node18, cjs, minified). The charm's other files are copied as they are.
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/** Returns a new temporary directory to deploy on a Model; the caller removes it when done. */
export async function bundleTestCharm(charmDir: string): Promise<string> {
  // Loaded on use: the simulator itself never needs esbuild.
  const { bundleCharm } = await import('@flume-charms/charm-build');
  const out = await mkdtemp(join(tmpdir(), 'juju-sim-test-charm-'));
  await cp(charmDir, out, { recursive: true, filter: (src) => relative(charmDir, src).split(sep)[0] !== 'src' });
  const dist = join(out, 'dist');
  const bundle = await bundleCharm({ entry: join(charmDir, 'src', 'charm.ts'), sourceMapPath: join(dist, 'charm.js.map') });
  await mkdir(dist, { recursive: true });
  await writeFile(join(dist, 'charm.js'), bundle.code, { mode: 0o755 });
  return out;
}
