// charm-build CLI: `tsx cli.ts build|pack CHARM_DIR...` (see the package README).
import { relative } from 'node:path';
import { buildCharm, type BuildResult } from './build-charm';
import { CharmBuildError } from './errors';
import { packCharm } from './pack-charm';

const USAGE = 'usage: cli.ts build|pack CHARM_DIR...\n  build: lay out CHARM_DIR/build/charm\n  pack:  build, then zip ./NAME.charm';

function kib(bytes: number): string {
  return `${bytes} bytes, ${(bytes / 1024).toFixed(1)} KiB`;
}

function describe(result: BuildResult): string {
  const generated = result.generatedFiles.length > 0 ? `; generated ${result.generatedFiles.join(', ')}` : '';
  return `${result.name}: ${relative(process.cwd(), result.charmTree)} (bundle ${kib(result.bundleBytes)}, source map ${relative(process.cwd(), result.sourceMapPath)}${generated})`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...charmDirs] = argv;
  if ((command !== 'build' && command !== 'pack') || charmDirs.length === 0) {
    console.error(USAGE);
    return 2;
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
