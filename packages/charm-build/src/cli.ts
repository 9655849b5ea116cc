// charm-build CLI: `tsx cli.ts build|pack CHARM_DIR...` (see the package README).
import { relative } from 'node:path';
import { buildCharm, type BuildResult } from './build-charm';
import { CharmBuildError } from './errors';
import { packCharm } from './pack-charm';
import { updateReadmeConfigTable } from './config-table';

const USAGE =
  'usage: cli.ts build|pack|readme CHARM_DIR...\n  build:  lay out CHARM_DIR/build/charm\n  pack:   build, then zip ./NAME.charm\n  readme: regenerate the config table in ./README.md';

function kib(bytes: number): string {
  return `${bytes} bytes, ${(bytes / 1024).toFixed(1)} KiB`;
}

function describe(result: BuildResult): string {
  const generated = result.generatedFiles.length > 0 ? `; generated ${result.generatedFiles.join(', ')}` : '';
  return `${result.name}: ${relative(process.cwd(), result.charmTree)} (bundle ${kib(result.bundleBytes)}, source map ${relative(process.cwd(), result.sourceMapPath)}${generated})`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...charmDirs] = argv;
  if (!['build', 'pack', 'readme'].includes(command ?? '') || charmDirs.length === 0) {
    console.error(USAGE);
    return 2;
  }
  if (command === 'readme') {
    const changed = await updateReadmeConfigTable('README.md', charmDirs);
    console.log(changed ? 'README.md: config table regenerated' : 'README.md: config table already current');
    return 0;
  }
  for (const charmDir of charmDirs) {
    if (command === 'build') {
      console.log(describe(await buildCharm({ charmDir })));
    } else {
      const packed = await packCharm({ charmDir });
      console.log(`${describe(packed)}\n${packed.name}: ${relative(process.cwd(), packed.charmFile)} (${kib(packed.charmBytes)})`);
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A CharmBuildError already says what to fix; anything else is a bug, so keep its stack.
    console.error(error instanceof CharmBuildError ? `charm-build: ${error.message}` : error);
    process.exit(1);
  },
);
