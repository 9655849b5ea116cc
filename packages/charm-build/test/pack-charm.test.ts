// The artifact test: pack the fixture, unzip the .charm, and check it as Juju would see it.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { CharmBuildError, packCharm, readArchive, readCharmcraft, unpackCharm, zipEntries, type ArchiveEntry, type PackResult } from '../src';

const MINI = join(__dirname, 'fixtures', 'mini-charm');
const STARTED_AT = new Date('2025-06-01T12:00:00.000Z');

let work: string;
let packed: PackResult;
let unpacked: string;
let entries: ArchiveEntry[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'charm-pack-'));
  packed = await packCharm({ charmDir: MINI, outDir: join(work, 'build'), destDir: work, startedAt: STARTED_AT });
  unpacked = join(work, 'unpacked');
  entries = unpackCharm(packed.charmFile, unpacked);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const readYaml = (file: string): unknown => parse(readFileSync(join(unpacked, file), 'utf8'), { version: '1.1' });

describe('packCharm', () => {
  it('writes NAME.charm into the destination directory', () => {
    expect(packed.charmFile).toBe(join(work, 'mini-charm.charm'));
    expect(packed.charmBytes).toBe(statSync(packed.charmFile).size);
  });

  it('holds exactly the charm files, sorted, without the source map', () => {
    expect(entries.map((entry) => entry.path)).toEqual([
      'LICENSE', 'README.md', 'actions.yaml', 'config.yaml', 'dispatch', 'dist/charm.bundle.js', 'dist/charm.js',
      'hooks/install', 'hooks/start', 'hooks/upgrade-charm', 'icon.svg', 'manifest.yaml', 'metadata.yaml',
      'templates/mini.conf.hbs', 'templates/nested/port.conf.hbs',
    ]);
    expect(entries.some((entry) => entry.path.endsWith('.map'))).toBe(false);
  });

  it('keeps executable bits and stores the hooks as links to dispatch', () => {
    const permissions = Object.fromEntries(entries.map((entry) => [entry.path, entry.permissions]));
    expect(permissions['dispatch']).toBe(0o755);
    expect(permissions['dist/charm.js']).toBe(0o755);
    expect(permissions['metadata.yaml']).toBe(0o644);
    for (const hook of ['install', 'start', 'upgrade-charm']) {
      const path = join(unpacked, 'hooks', hook);
      expect(lstatSync(path).isSymbolicLink()).toBe(true);
      expect(readlinkSync(path)).toBe('../dispatch');
    }
    expect(statSync(join(unpacked, 'dispatch')).mode & 0o777).toBe(0o755);
  });

  it('has metadata, config and actions that agree with charmcraft.yaml', () => {
    const project = readCharmcraft(MINI);
    const metadata = readYaml('metadata.yaml') as Record<string, unknown>;
    expect(metadata).toMatchObject({ name: 'mini-charm', summary: project.summary, description: project.description, 'display-name': 'Mini charm' });
    for (const key of ['provides', 'requires', 'peers', 'resources', 'storage', 'assumes']) expect(metadata[key]).toEqual(project.raw[key]);
    for (const key of ['config', 'actions', 'parts', 'base', 'platforms', 'type', 'links', 'title']) expect(metadata).not.toHaveProperty(key);
    expect(readYaml('config.yaml')).toEqual({ options: project.configOptions });
    expect(readYaml('actions.yaml')).toEqual(project.actions);
  });

  it('has a manifest with the 24.04 amd64 base and the analysis', () => {
    expect(readYaml('manifest.yaml')).toEqual({
      'charmcraft-version': expect.any(String),
      'charmcraft-started-at': STARTED_AT.toISOString(),
      bases: [{ name: 'ubuntu', channel: '24.04', architectures: ['amd64'] }],
      analysis: {
        attributes: [
          { name: 'language', result: 'unknown' },
          { name: 'framework', result: 'unknown' },
        ],
      },
    });
  });

  it('is reproducible: the same sources and start time give the same bytes', async () => {
    const again = await packCharm({ charmDir: MINI, outDir: join(work, 'build2'), destDir: join(work, 'again'), startedAt: STARTED_AT });
    expect(readFileSync(again.charmFile).equals(readFileSync(packed.charmFile))).toBe(true);
  });

  it('runs from the unpacked archive: dispatch finds node and the bundle runs each hook', () => {
    const run = (script: string, env: Record<string, string>) =>
      spawnSync('/bin/sh', [script], {
        cwd: unpacked,
        encoding: 'utf8',
        env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, JUJU_CHARM_DIR: unpacked, ...env },
      });
    expect(run('dispatch', { JUJU_DISPATCH_PATH: 'hooks/install' }).status).toBe(0);
    expect(run('hooks/start', {}).status).toBe(0); // an old Juju: no JUJU_DISPATCH_PATH, the link name tells
    expect(readFileSync(join(unpacked, 'hooks.log'), 'utf8')).toBe(`hooks/install node=${process.versions.node}\nhooks/start node=${process.versions.node}\n`);
    expect(readFileSync(join(unpacked, '.node-path'), 'utf8').trim()).toMatch(/node(js)?$/);
  });
});

describe('unpackCharm', () => {
  const archiveOf = (name: string, bytes: Uint8Array): string => {
    const file = join(work, name);
    writeFileSync(file, bytes);
    return file;
  };
  const file = (path: string, text = 'x') => ({ path, kind: 'file' as const, mode: 0o100644, data: Buffer.from(text) });
  const link = (path: string, target: string) => ({ path, kind: 'symlink' as const, mode: 0o120777, data: Buffer.from(target) });

  it.each([
    ['a path that climbs out', [file('../evil')], 'unsafe path'],
    ['an absolute path', [file('/etc/evil')], 'unsafe path'],
    ['a link out of the charm', [link('hooks/install', '../../etc/passwd')], 'points outside the charm'],
    ['an absolute link', [link('hooks/install', '/bin/sh')], 'is absolute'],
    ['a file under a link', [link('lib', '.'), file('lib/x')], 'lies under the symlink'],
  ])('refuses %s and writes nothing', (name, archiveEntries, message) => {
    const target = join(work, `refused-${name.replace(/\W+/g, '-')}`);
    expect(() => unpackCharm(archiveOf(`${name}.zip`, zipEntries(archiveEntries)), target)).toThrow(message);
    expect(existsSync(target)).toBe(false);
  });

  it('detects a damaged archive', () => {
    const bytes = Buffer.from(readFileSync(packed.charmFile));
    expect(readArchive(bytes)[0]?.path).toBe('LICENSE');
    for (const offset of [60, 400]) {
      const damaged = Buffer.from(bytes);
      damaged[offset] = (damaged[offset] ?? 0) ^ 0xff; // inside LICENSE's compressed data
      expect(() => readArchive(damaged)).toThrow(CharmBuildError);
    }
    expect(() => readArchive(Buffer.from('not a zip at all, just some text that is long enough'))).toThrow('not a zip archive');
  });
});
