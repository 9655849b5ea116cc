import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import { bundleCharm, bundleEntryLoader, bundleHash, bundleSnapshotEntry, charmEntry, snapshotCapable } from './bundle';
import { SNAPSHOT_ENTRY_FILE } from './code-cache/snapshot-files';
import { analyzeCharmTree, lintEntrypoint } from './charm-analysis';
import { readCharmcraft } from './charmcraft-project';
import { extraFiles, type ExtraFile } from './extra-files';
import { CharmBuildError } from './errors';
import { copyPlainTree, swapInDirectory, writeFileAtomic, writeTreeFile } from './fs-util';
import { generateManifest } from './manifest';
import { generateActions, generateConfig, generateMetadata, toYaml } from './metadata-files';

/** Hooks older Juju versions run directly; each is a link to dispatch, as charmcraft lays them out. */
export const HOOK_LINKS = ['install', 'start', 'upgrade-charm'] as const;
/** The charm's entrypoint, which dispatch's last line names: a small loader that runs CODE_BUNDLE_PATH. */
export const BUNDLE_PATH = 'dist/charm.js';
/** The esbuild bundle itself; the loader keeps its V8 code cache beside it (written by the first hook). */
export const CODE_BUNDLE_PATH = 'dist/charm.bundle.js';

const DISPATCH = join(__dirname, 'assets', 'dispatch.sh');

export interface BuildOptions {
  /** The charm's source directory (charmcraft.yaml, src/charm.ts, templates/). */
  charmDir: string;
  /** Defaults to CHARM_DIR/build. The tree goes to OUT/charm, the source map to OUT/NAME.js.map. */
  outDir?: string;
  /** Recorded as charmcraft-started-at; defaults to $SOURCE_DATE_EPOCH, else now. */
  startedAt?: Date;
}

export interface BuildResult {
  name: string;
  /** The unpacked charm: what `juju deploy` and juju-sim take. */
  charmTree: string;
  /** The esbuild bundle (CODE_BUNDLE_PATH) and its size. */
  bundlePath: string;
  bundleBytes: number;
  /** The entrypoint (BUNDLE_PATH) that loads it. */
  entryPath: string;
  sourceMapPath: string;
  /** Extra files the charm lacked, so the build wrote them. */
  generatedFiles: ExtraFile[];
}

/** dispatch.sh with the bundle's hash in it: a startup snapshot of another build of the bundle is never used. */
export function renderDispatch(bundleHashHex: string): string {
  const shim = readFileSync(DISPATCH, 'utf8');
  if (!/^[0-9a-f]{16}$/.test(bundleHashHex)) throw new CharmBuildError('bundle', `not a bundle hash for dispatch: ${bundleHashHex}`);
  if (!shim.includes('@BUNDLE_HASH@')) throw new CharmBuildError('bundle', 'dispatch.sh has no @BUNDLE_HASH@ to fill');
  return shim.replace('@BUNDLE_HASH@', bundleHashHex);
}

/** Bundles a charm and lays out its unpacked tree in OUT/charm, replacing the previous one whole. */
export async function buildCharm(options: BuildOptions): Promise<BuildResult> {
  const charmDir = resolve(options.charmDir);
  const outDir = resolve(options.outDir ?? join(charmDir, 'build'));
  const project = readCharmcraft(charmDir);
  const sourceMapPath = join(outDir, `${project.name}.js.map`);
  const bundle = await bundleCharm({ entry: charmEntry(charmDir), sourceMapPath, executable: false });
  const chunkHashes = Object.fromEntries(bundle.chunks.map((chunk) => [chunk.file, bundleHash(chunk.code)]));
  const loaderOptions = { bundleFile: basename(CODE_BUNDLE_PATH), hash: bundleHash(bundle.code), chunks: chunkHashes, snapshotCapable: snapshotCapable(bundle.code), builtins: bundle.builtins };
  const entryLoader = await bundleEntryLoader(loaderOptions);
  const snapshotEntry = loaderOptions.snapshotCapable ? await bundleSnapshotEntry(loaderOptions) : undefined;

  const charmTree = join(outDir, 'charm');
  const staged = join(outDir, `charm.staging-${process.pid}`);
  rmSync(staged, { recursive: true, force: true });
  mkdirSync(staged, { recursive: true });
  try {
    writeTreeFile(staged, 'dispatch', renderDispatch(loaderOptions.hash), 0o755);
    mkdirSync(join(staged, 'hooks'));
    for (const hook of HOOK_LINKS) symlinkSync('../dispatch', join(staged, 'hooks', hook));
    writeTreeFile(staged, BUNDLE_PATH, entryLoader, 0o755);
    writeTreeFile(staged, CODE_BUNDLE_PATH, bundle.code);
    if (snapshotEntry) writeTreeFile(staged, posix.join(posix.dirname(CODE_BUNDLE_PATH), SNAPSHOT_ENTRY_FILE), snapshotEntry);
    for (const chunk of bundle.chunks) writeTreeFile(staged, posix.join(posix.dirname(CODE_BUNDLE_PATH), chunk.file), chunk.code);

    const templates = join(charmDir, 'templates');
    if (existsSync(templates)) copyPlainTree(templates, join(staged, 'templates'));

    writeTreeFile(staged, 'metadata.yaml', toYaml(generateMetadata(project)));
    const config = generateConfig(project);
    if (config) writeTreeFile(staged, 'config.yaml', toYaml(config));
    const actions = generateActions(project);
    if (actions) writeTreeFile(staged, 'actions.yaml', toYaml(actions));

    const extras = extraFiles(charmDir, project);
    for (const extra of extras) writeTreeFile(staged, extra.name, extra.content);

    lintEntrypoint(staged);
    const manifest = generateManifest({ project, attributes: analyzeCharmTree(staged), startedAt: options.startedAt ?? defaultStartedAt() });
    writeTreeFile(staged, 'manifest.yaml', toYaml(manifest));

    writeFileAtomic(sourceMapPath, bundle.sourceMap);
    swapInDirectory(staged, charmTree);
    return {
      name: project.name,
      charmTree,
      bundlePath: join(charmTree, CODE_BUNDLE_PATH),
      bundleBytes: bundle.code.byteLength,
      entryPath: join(charmTree, BUNDLE_PATH),
      sourceMapPath,
      generatedFiles: extras.filter((extra) => extra.generated).map((extra) => extra.name),
    };
  } catch (error) {
    rmSync(staged, { recursive: true, force: true });
    throw error;
  }
}

function defaultStartedAt(): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}
