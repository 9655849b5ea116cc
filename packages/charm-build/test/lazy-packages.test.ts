// Packages only some hooks run (execa, node-tar, handlebars) go to dist/lazy/NAME.js: the bundle stays small,
// and requires them where the charm imports them, on first use.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleCharm } from '../src';

// The packages as a charm's workspace package has them (packages/flume depends on all three).
const PACKAGES = join(__dirname, '..', '..', 'flume', 'node_modules');

const ENTRY = `
import { readFileSync } from 'node:fs';
const lazyLoaded = (): string[] =>
  Object.keys(require.cache).filter((path) => path.includes('/lazy/')).map((path) => path.slice(path.lastIndexOf('/lazy/') + 1));
const before = lazyLoaded();
void (async () => {
  const { default: Handlebars } = await import('handlebars');
  const text = Handlebars.compile('{{greeting}}, {{name}}')({ greeting: 'hello', name: 'flume' });
  const afterHandlebars = lazyLoaded();
  const { execa } = await import('execa');
  const echoed = (await execa('echo', ['ok'])).stdout;
  process.stdout.write(JSON.stringify({ before, text, afterHandlebars, echoed, after: lazyLoaded(), fs: typeof readFileSync }));
})();
`;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lazy-packages-'));
  mkdirSync(join(work, 'node_modules'));
  for (const name of ['execa', 'handlebars']) symlinkSync(join(PACKAGES, name), join(work, 'node_modules', name));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('each lazy package is a file of its own, required on first use; the bundle holds none of it', async () => {
  writeFileSync(join(work, 'entry.ts'), ENTRY);
  const bundle = await bundleCharm({ entry: join(work, 'entry.ts'), sourceMapPath: join(work, 'dist', 'charm.bundle.js.map') });
  expect(bundle.chunks.map((chunk) => chunk.file)).toEqual(['lazy/execa.js', 'lazy/handlebars.js']);
  expect(bundle.inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
  for (const { file, code } of [...bundle.chunks, { file: 'charm.bundle.js', code: bundle.code }]) {
    mkdirSync(dirname(join(work, 'dist', file)), { recursive: true });
    writeFileSync(join(work, 'dist', file), code);
  }
  const run = spawnSync(process.execPath, [join(work, 'dist', 'charm.bundle.js')], { cwd: work, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({
    before: [],
    text: 'hello, flume',
    afterHandlebars: ['lazy/handlebars.js'],
    echoed: 'ok',
    after: ['lazy/handlebars.js', 'lazy/execa.js'],
    fs: 'function',
  });
});
