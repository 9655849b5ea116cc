import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { analyzeCharmTree, buildCharm, CharmBuildError, type BuildResult } from '../src';

const FIXTURES = join(__dirname, 'fixtures');
const MINI = join(FIXTURES, 'mini-charm');

let outDir: string;
let built: BuildResult;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'charm-build-'));
  built = await buildCharm({ charmDir: MINI, outDir });
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('buildCharm', () => {
  it('lays out the charm tree of docs/contracts.md section 4', () => {
    expect(built.charmTree).toBe(join(outDir, 'charm'));
    for (const file of ['dispatch', 'dist/charm.js', 'metadata.yaml', 'config.yaml', 'actions.yaml', 'manifest.yaml', 'README.md', 'LICENSE', 'icon.svg']) {
      expect(lstatSync(join(built.charmTree, file)).isFile()).toBe(true);
    }
    expect(readFileSync(join(built.charmTree, 'templates/nested/port.conf.hbs'), 'utf8')).toBe('port = {{port}}\n');
    expect(mode(join(built.charmTree, 'dispatch'))).toBe(0o755);
    expect(mode(join(built.charmTree, 'metadata.yaml'))).toBe(0o644);
    for (const hook of ['install', 'start', 'upgrade-charm']) {
      expect(readlinkSync(join(built.charmTree, 'hooks', hook))).toBe('../dispatch');
    }
  });

  it('writes a minified bundle whose source map stays outside the tree, and an executable entry that loads it', () => {
    const code = readFileSync(built.bundlePath, 'utf8');
    expect(built.bundlePath).toBe(join(built.charmTree, 'dist/charm.bundle.js'));
    expect(built.bundleBytes).toBe(statSync(built.bundlePath).size);
    expect(built.entryPath).toBe(join(built.charmTree, 'dist/charm.js'));
    expect(readFileSync(built.entryPath, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(mode(built.entryPath)).toBe(0o755);
    expect(code).toContain('hooks.log');
    expect(code).not.toContain('sourceMappingURL');
    expect(code.split('\n').length).toBeLessThanOrEqual(4); // minified: the banner plus a line or two
    expect(built.sourceMapPath).toBe(join(outDir, 'mini-charm.js.map'));
    const map = JSON.parse(readFileSync(built.sourceMapPath, 'utf8')) as { sources: string[] };
    // Sources resolve from the map's own directory to the real file.
    expect(map.sources.map((source) => resolve(dirname(built.sourceMapPath), source))).toContain(join(MINI, 'src', 'charm.ts'));
  });

  it('generates README, LICENSE and icon when the charm has none', () => {
    expect(built.generatedFiles).toEqual(['README.md', 'LICENSE', 'icon.svg']);
    expect(readFileSync(join(built.charmTree, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(readFileSync(join(built.charmTree, 'README.md'), 'utf8')).toMatch(/^# Mini charm\n/);
    expect(readFileSync(join(built.charmTree, 'icon.svg'), 'utf8')).toContain('<svg');
  });

  it('copies the charm\'s own README, LICENSE and icon', async () => {
    const charmDir = mkdtempSync(join(tmpdir(), 'own-files-'));
    try {
      mkdirSync(join(charmDir, 'src'));
      writeFileSync(join(charmDir, 'charmcraft.yaml'), readFileSync(join(MINI, 'charmcraft.yaml')));
      writeFileSync(join(charmDir, 'src', 'charm.ts'), 'process.exitCode = 0;\n');
      for (const [file, text] of [['README.md', '# own\n'], ['LICENSE', 'own licence\n'], ['icon.svg', '<svg/>\n']]) {
        writeFileSync(join(charmDir, file as string), text as string);
      }
      const own = await buildCharm({ charmDir });
      expect(own.generatedFiles).toEqual([]);
      expect(readFileSync(join(own.charmTree, 'LICENSE'), 'utf8')).toBe('own licence\n');
      expect(own.charmTree).toBe(join(charmDir, 'build', 'charm'));
    } finally {
      rmSync(charmDir, { recursive: true, force: true });
    }
  });

  it('records the analysis charmcraft would make of a TypeScript charm', () => {
    expect(readFileSync(join(built.charmTree, 'manifest.yaml'), 'utf8')).toContain(
      'analysis:\n  attributes:\n  - name: language\n    result: unknown\n  - name: framework\n    result: unknown\n',
    );
  });

  it('refuses a charm whose bundle would contain yaml, and keeps the previous tree', async () => {
    const marker = join(outDir, 'charm', 'dispatch');
    const error = await buildCharm({ charmDir: join(FIXTURES, 'yaml-charm'), outDir }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CharmBuildError);
    expect((error as CharmBuildError).code).toBe('forbidden-module');
    expect((error as CharmBuildError).message).toContain('yaml-charm/src/charm.ts');
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(join(outDir, 'yaml-charm.js.map'))).toBe(false);
  });

  it('reports a missing entry module', async () => {
    const charmDir = mkdtempSync(join(tmpdir(), 'no-entry-'));
    try {
      writeFileSync(join(charmDir, 'charmcraft.yaml'), readFileSync(join(MINI, 'charmcraft.yaml')));
      await expect(buildCharm({ charmDir })).rejects.toMatchObject({ code: 'entrypoint' });
    } finally {
      rmSync(charmDir, { recursive: true, force: true });
    }
  });
});

describe('analyzeCharmTree', () => {
  it('recognises a Python operator charm by charmcraft\'s rules', () => {
    const tree = mkdtempSync(join(tmpdir(), 'py-charm-'));
    try {
      mkdirSync(join(tree, 'src'));
      mkdirSync(join(tree, 'venv', 'ops'), { recursive: true });
      writeFileSync(join(tree, 'dispatch'), '#!/bin/sh\nJUJU_DISPATCH_PATH="${JUJU_DISPATCH_PATH:-$0}" PYTHONPATH=lib:venv ./src/charm.py\n');
      writeFileSync(join(tree, 'src', 'charm.py'), 'import ops\n');
      expect(analyzeCharmTree(tree)[0]).toEqual({ name: 'language', result: 'unknown' }); // not executable yet
      chmodSync(join(tree, 'src', 'charm.py'), 0o755);
      expect(analyzeCharmTree(tree)).toEqual([
        { name: 'language', result: 'python' },
        { name: 'framework', result: 'operator' },
      ]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
