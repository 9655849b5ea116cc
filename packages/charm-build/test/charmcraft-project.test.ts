import { join } from 'node:path';
import { CharmBuildError, generateActions, generateConfig, generateManifest, generateMetadata, parseCharmcraft, readCharmcraft } from '../src';

const MINI = join(__dirname, 'fixtures', 'mini-charm');
const REPO_CHARMS = ['flume-hdfs', 'flume-syslog'].map((name) => join(__dirname, '..', '..', '..', 'charms', name));

const VALID = `name: tiny
type: charm
summary: s
description: d
base: ubuntu@24.04
platforms:
  amd64:
`;

function errorOf(text: string): CharmBuildError {
  try {
    parseCharmcraft(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(CharmBuildError);
    return error as CharmBuildError;
  }
  throw new Error('expected parseCharmcraft to fail');
}

describe('readCharmcraft', () => {
  it('reads the fixture and both repository charms', () => {
    const mini = readCharmcraft(MINI);
    expect(mini).toMatchObject({ name: 'mini-charm', title: 'Mini charm', base: { name: 'ubuntu', channel: '24.04' }, architectures: ['amd64'] });
    expect(mini.configOptions?.['port']).toEqual({ type: 'int', default: 8080, description: 'A port.' });
    for (const dir of REPO_CHARMS) expect(readCharmcraft(dir).architectures).toEqual(['amd64']);
  });

  it('takes architectures from build-for platforms', () => {
    const text = VALID.replace('  amd64:\n', '  jammy-ish:\n    build-on: [ubuntu@24.04:amd64]\n    build-for: [ubuntu@24.04:arm64]\n');
    expect(parseCharmcraft(text).architectures).toEqual(['arm64']);
  });

  it.each([
    ['a missing name', VALID.replace('name: tiny\n', ''), "'name' is required"],
    ['an invalid name', VALID.replace('name: tiny', 'name: Tiny_Charm'), "'name' must be lowercase"],
    ['a bundle', VALID.replace('type: charm', 'type: bundle'), "'type' must be 'charm'"],
    ['a missing summary', VALID.replace('summary: s\n', ''), "'summary' is required"],
    ['a bad base', VALID.replace('ubuntu@24.04', 'noble'), "'base' must look like 'ubuntu@24.04'"],
    ['legacy bases', `${VALID}bases: []\n`, "legacy 'bases'"],
    ['no platforms', VALID.replace('platforms:\n  amd64:\n', ''), "'platforms' must map"],
    ['an unknown option type', `${VALID}config:\n  options:\n    x:\n      type: list\n`, 'config.options.x.type must be one of'],
    ['a default of the wrong type', `${VALID}config:\n  options:\n    x:\n      type: int\n      default: '5'\n`, 'config.options.x.default must be an integer'],
    ['a relation without interface', `${VALID}requires:\n  db: {}\n`, "requires.db needs an 'interface'"],
    ['an action that is not a mapping', `${VALID}actions:\n  go: now\n`, 'actions.go must be a mapping'],
    ['invalid YAML', `${VALID}config: [\n`, 'not valid YAML'],
    ['a duplicate key', `${VALID}name: again\n`, 'not valid YAML'],
  ])('rejects %s with a clear error', (_case, text, message) => {
    const error = errorOf(text);
    expect(error.code).toBe('charmcraft-yaml');
    expect(error.message).toContain('test.yaml: ');
    expect(error.message).toContain(message);
  });

  it('reads booleans as YAML 1.1 does, like charmcraft', () => {
    const project = parseCharmcraft(`${VALID}config:\n  options:\n    on-off:\n      type: boolean\n      default: yes\n`);
    expect(project.configOptions?.['on-off']?.default).toBe(true);
  });
});

describe('generated metadata', () => {
  const project = readCharmcraft(MINI);

  it('keeps only the metadata keys, renaming title and flattening links as charmcraft does', () => {
    const metadata = generateMetadata(project);
    expect(Object.keys(metadata)).toEqual([
      'name', 'display-name', 'summary', 'description', 'maintainers', 'assumes', 'docs',
      'peers', 'provides', 'requires', 'resources', 'source', 'storage',
    ]);
    expect(metadata['display-name']).toBe('Mini charm');
    expect(metadata['docs']).toBe('https://example.com/mini-charm/docs');
    expect(metadata['maintainers']).toEqual(['Mini Maintainer <mini@example.com>']);
    expect(metadata['requires']).toEqual(project.raw['requires']);
  });

  it('writes config and actions only when the charm has them', () => {
    expect(generateConfig(project)).toEqual({ options: (project.raw['config'] as { options: unknown }).options });
    expect(generateActions(project)).toEqual(project.raw['actions']);
    const bare = parseCharmcraft(VALID);
    expect(generateConfig(bare)).toBeUndefined();
    expect(generateActions(bare)).toBeUndefined();
  });

  it('builds the manifest from the base, the platforms and the analysis', () => {
    const manifest = generateManifest({
      project: parseCharmcraft(VALID.replace('  amd64:\n', '  amd64:\n  arm64:\n')),
      attributes: [{ name: 'language', result: 'unknown' }],
      startedAt: new Date('2025-01-02T03:04:05.000Z'),
    });
    expect(manifest).toEqual({
      'charmcraft-version': expect.any(String),
      'charmcraft-started-at': '2025-01-02T03:04:05.000Z',
      bases: [{ name: 'ubuntu', channel: '24.04', architectures: ['amd64', 'arm64'] }],
      analysis: { attributes: [{ name: 'language', result: 'unknown' }] },
    });
  });
});
