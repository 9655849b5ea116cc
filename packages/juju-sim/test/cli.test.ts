import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(__dirname, '..', 'src', 'cli.ts'), ...args], { cwd: ROOT });
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
});
