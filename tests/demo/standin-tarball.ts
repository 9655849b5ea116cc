// `make sim`: writes the stand-in Flume tarball into the directory given and prints its path.
import { makeStandinFlumeTarball } from '../support';

const outDir = process.argv[2];
if (!outDir) {
  process.stderr.write('usage: standin-tarball.ts OUT_DIR\n');
  process.exit(2);
}
makeStandinFlumeTarball({ outDir }).then(
  (file) => process.stdout.write(`${file}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
