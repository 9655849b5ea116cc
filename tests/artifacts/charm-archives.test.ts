// The .charm files as users get them: packed, unzipped, checked against charmcraft.yaml, and
// deployed into the simulator straight from the archive contents (as `juju deploy ./NAME.charm`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { packCharm, readCharmcraft, unpackCharm, type ArchiveEntry } from '@flume-charms/charm-build';
import { Model } from '@flume-charms/juju-sim';
import { makeStandinFlumeTarball } from '../support';

const ROOT = resolve(__dirname, '../..');
const CHARMS = ['flume-hdfs', 'flume-syslog'] as const;
type CharmName = (typeof CHARMS)[number];

interface Unpacked {
  readonly dir: string;
  readonly entries: ArchiveEntry[];
  readonly bytes: number;
}

let work: string;
const unpacked = {} as Record<CharmName, Unpacked>;

function text(entries: ArchiveEntry[], path: string): string {
  const entry = entries.find((e) => e.path === path);
  if (!entry) throw new Error(`${path} is missing from the archive`);
  return Buffer.from(entry.data).toString('utf8');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'charm-archives-'));
  for (const name of CHARMS) {
    const packed = await packCharm({ charmDir: join(ROOT, 'charms', name), outDir: join(work, `${name}-build`), destDir: work });
    const dir = join(work, `${name}-unpacked`);
    unpacked[name] = { dir, entries: unpackCharm(packed.charmFile, dir), bytes: packed.charmBytes };
  }
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.each(CHARMS)('%s.charm', (name) => {
  test('has the layout charmcraft packs, with executable dispatch and hook links', () => {
    const { entries } = unpacked[name];
    const byPath = new Map(entries.map((e) => [e.path, e]));
    // dist/lazy/: the packages only some hooks run, beside the bundle (charm-build's lazy-packages.ts).
    for (const path of ['dispatch', 'dist/charm.js', 'dist/charm.bundle.js', 'dist/lazy/execa.js', 'dist/lazy/tar.js', 'dist/lazy/handlebars.js',
      'metadata.yaml', 'config.yaml', 'actions.yaml', 'manifest.yaml',
      'README.md', 'LICENSE', 'icon.svg', 'templates/flume.conf.hbs', 'templates/flume-env.sh.hbs', 'templates/log4j2.xml.hbs']) {
      expect(byPath.has(path)).toBe(true);
    }
    expect(byPath.get('dispatch')?.permissions).toBe(0o755);
    expect(text(entries, 'dispatch').startsWith('#!/bin/sh')).toBe(true);
    for (const hook of ['install', 'start', 'upgrade-charm']) {
      const link = byPath.get(`hooks/${hook}`);
      expect(link?.kind).toBe('symlink');
      expect(Buffer.from(link!.data).toString()).toBe('../dispatch');
    }
    // The source map stays out of the charm; no YAML parser is in the bundle.
    expect(entries.some((e) => e.path.endsWith('.map'))).toBe(false);
    expect(text(entries, 'dist/charm.js')).not.toMatch(/sourceMappingURL/);
  });

  test('metadata, config and actions parse and agree with charmcraft.yaml', () => {
    const { entries } = unpacked[name];
    const project = readCharmcraft(join(ROOT, 'charms', name));
    const metadata = parse(text(entries, 'metadata.yaml')) as Record<string, unknown>;
    expect(metadata['name']).toBe(name);
    for (const key of ['provides', 'requires', 'resources', 'storage', 'assumes'] as const) {
      expect(metadata[key]).toEqual(project.raw[key]);
    }
    const config = parse(text(entries, 'config.yaml')) as { options: Record<string, unknown> };
    expect(config.options).toEqual((project.raw['config'] as { options: unknown }).options);
    expect(parse(text(entries, 'actions.yaml'))).toEqual(project.raw['actions']);
    const manifest = parse(text(entries, 'manifest.yaml')) as { bases: unknown[] };
    expect(manifest.bases).toEqual([{ name: 'ubuntu', channel: '24.04', architectures: ['amd64'] }]);
  });
});

test('the unzipped charms deploy and relate in the simulator, straight from the archives', async () => {
  const model = await Model.create({ name: 'archives' });
  try {
    const tarball = await makeStandinFlumeTarball({ outDir: work });
    await model.deploy(unpacked['flume-hdfs'].dir, { name: 'flume-hdfs', config: { sink_type: 'file' }, resources: { flume: tarball } });
    await model.deploy(unpacked['flume-syslog'].dir, { name: 'flume-syslog', resources: { flume: tarball } });
    model.relate('flume-syslog:flume-agent', 'flume-hdfs:flume-agent');
    const settled = await model.settle();
    expect(settled.errors).toEqual([]);
    const units = model.status().applications.flatMap((app) => app.units);
    expect(units.map((u) => [u.name, u.workload.status, u.workload.message])).toEqual([
      ['flume-hdfs/0', 'active', 'Ready'],
      ['flume-syslog/0', 'active', 'Ready (1 sink)'],
    ]);
    // The hooks ran through the archive's own dispatch: it cached the node it verified.
    for (const unit of ['flume-hdfs/0', 'flume-syslog/0']) {
      expect(model.unitFile(unit, '.node-path').trim()).toMatch(/node/);
    }
  } finally {
    await model.destroy();
  }
}, 120_000);
