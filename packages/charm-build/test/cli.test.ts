// The CLI as the Makefile calls it: `tsx cli.ts build|pack CHARM_DIR...`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', 'src', 'cli.ts');

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'charm-cli-'));
  cpSync(join(__dirname, 'fixtures', 'mini-charm'), join(work, 'mini-charm'), { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(TSX, [CLI, ...args], { cwd: work, encoding: 'utf8' });

describe('cli', () => {
  it('packs into ./NAME.charm and reports the bundle size', () => {
    const { status, stdout } = cli('pack', 'mini-charm');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^mini-charm: mini-charm\/build\/charm \(bundle \d+ bytes, [\d.]+ KiB, source map mini-charm\/build\/mini-charm\.js\.map/);
    expect(existsSync(join(work, 'mini-charm.charm'))).toBe(true);
    expect(existsSync(join(work, 'mini-charm', 'build', 'charm', 'dispatch'))).toBe(true);
  });

  it('build lays out the tree only', () => {
    expect(cli('build', 'mini-charm').status).toBe(0);
    expect(existsSync(join(work, 'mini-charm', 'build', 'charm', 'manifest.yaml'))).toBe(true);
    expect(existsSync(join(work, 'mini-charm.charm'))).toBe(false);
  });

  it('exits 1 with a one-line reason on a bad charm, and 2 on bad usage', () => {
    const failed = cli('build', 'no-such-charm');
    expect(failed.status).toBe(1);
    expect(failed.stderr.trim()).toMatch(/^charm-build: cannot read .*no-such-charm\/charmcraft\.yaml/);
    expect(cli('deploy', 'mini-charm').status).toBe(2);
  });
});
