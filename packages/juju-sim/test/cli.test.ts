import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipCharmTree } from '@flume-charms/charm-build';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliIn(ROOT, ...args);
}

async function cliIn(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(__dirname, '..', 'src', 'cli.ts'), ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('juju-sim CLI', () => {
  test('runs a scenario and prints a juju status table', async () => {
    const { code, stdout, stderr } = await cli(join(__dirname, 'scenarios', 'probe-pair.yaml'));
    expect(stderr).toContain('right/0 echo: completed {"echoed":"hi"}');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Model\s+Controller\s+Cloud\/Region\s+Version$/);
    expect(lines[1]).toMatch(/^probe-demo\s+juju-sim\s+/);
    expect(stdout).toMatch(/^App\s+Version\s+Status\s+Scale\s+Charm\s+Rev\s+Exposed\s+Message$/m);
    expect(stdout).toMatch(/^left\s+active\s+1\s+probe\s+0\s+no\s+ready$/m);
    expect(stdout).toMatch(/^right\s+active\s+2\s+probe\s+0\s+no\s+serving$/m);
    expect(stdout).toMatch(/^left\/0\*\s+active\s+idle\s+0\s+127\.0\.1\.1\s+8080\/tcp\s+ready$/m);
    expect(stdout).toMatch(/^right\/0\*\s+active\s+idle\s+\d+\s+127\.0\.1\.\d+\s+4141\/tcp\s+serving$/m);
    expect(stdout).toMatch(/^right\/1\s+active\s+idle/m);
    expect(stdout).not.toMatch(/^left\/1/m);
    expect(stdout).toMatch(/^Integration provider\s+Requirer\s+Interface\s+Type\s+Message$/m);
    expect(stdout).toMatch(/^left:db\s+right:backend\s+probe-db\s+regular$/m);
    expect(stdout).toMatch(/^left:cluster\s+left:cluster\s+probe-peer\s+peer$/m);
  });

  test('a bad scenario fails with exit 2 and a clear message', async () => {
    const { code, stderr } = await cli(join(__dirname, 'scenarios', 'does-not-exist.yaml'));
    expect(code).toBe(2);
    expect(stderr).toContain('does-not-exist.yaml');
  });

  describe('what a newcomer trips over', () => {
    let work: string;
    beforeEach(() => {
      work = mkdtempSync(join(tmpdir(), 'juju-sim-cli-test-'));
    });
    afterEach(() => rmSync(work, { recursive: true, force: true }));

    /** A packed toolbox charm whose install hook fails, printing `message` on stderr. */
    function failingCharm(message: string): string {
      const tree = join(work, 'tree');
      cpSync(join(__dirname, 'charms', 'toolbox'), tree, { recursive: true });
      writeFileSync(join(tree, 'script.sh'), `[ "$JUJU_HOOK_NAME" = install ] || exit 0\necho "${message}" >&2\nexit 1\n`);
      chmodSync(join(tree, 'script.sh'), 0o755);
      const file = join(work, 'toolbox.charm');
      writeFileSync(file, zipCharmTree(tree));
      return file;
    }

    test('--help prints the usage and the one command that plays the Flume scenario', async () => {
      const { code, stdout } = await cli('--help');
      expect(code).toBe(0);
      expect(stdout).toContain('usage: juju-sim SCENARIO');
      expect(stdout).toContain('make sim');
    });

    test('deploys a packed .charm; a failed hook shows its stderr; --keep keeps the model in a temp dir, not the cwd', async () => {
      failingCharm('boom: the install script failed on purpose');
      writeFileSync(join(work, 'scenario.yaml'), 'steps:\n  - deploy: { charm: ./toolbox.charm, name: box }\n');
      const cwd = join(work, 'cwd');
      mkdirSync(cwd);
      const { code, stdout, stderr } = await cliIn(cwd, join(work, 'scenario.yaml'), '--keep');
      expect(readdirSync(cwd)).toEqual([]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^box\/0\*\s+error\s+/m);
      expect(stdout).toContain('box/0: hook "install" failed (exit status 1); its last output:');
      expect(stdout).toContain('  | boom: the install script failed on purpose');
      expect(stderr).toContain('box/0: hook failed: "install": boom: the install script failed on purpose');
      const kept = /model kept in (\S+)/.exec(stderr)?.[1] ?? '';
      try {
        expect(kept.startsWith(tmpdir())).toBe(true);
        expect(existsSync(join(kept, 'units', 'box-0', 'charm', 'script.sh'))).toBe(true);
      } finally {
        if (kept) rmSync(kept, { recursive: true, force: true });
      }
    });

    test('a charm source directory is refused with the make target that builds it', async () => {
      writeFileSync(join(work, 'scenario.yaml'), `steps:\n  - deploy: { charm: ${join(ROOT, 'charms', 'flume-hdfs')} }\n`);
      const { code, stderr } = await cli(join(work, 'scenario.yaml'));
      expect(code).toBe(2);
      expect(stderr).toContain('a charm source directory');
      expect(stderr).toContain('make charms');
    });

    test('${VAR} in a step is the environment variable; an unset one fails to load, naming it', async () => {
      writeFileSync(join(work, 'scenario.yaml'), 'steps:\n  - deploy: { charm: "${JUJU_SIM_TEST_UNSET_VAR}" }\n');
      const { code, stderr } = await cli(join(work, 'scenario.yaml'));
      expect(code).toBe(2);
      expect(stderr).toContain('environment variable JUJU_SIM_TEST_UNSET_VAR is not set');
    });
  });
});
