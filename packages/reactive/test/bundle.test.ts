// The README's charm, bundled as charm-build does (esbuild, cjs, node18) and run as Juju runs it:
// a node process with fake hook tools on PATH. Checks main()'s exit codes, the lazy execa runner and the tool budget.
import { buildSync } from 'esbuild';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

const work = mkdtempSync(join(tmpdir(), 'reactive-bundle-'));
const bin = join(work, 'bin');
const charmDir = join(work, 'charm');
const callLog = join(work, 'calls.log');

function tool(name: string, output = ''): void {
  const body = `#!/bin/sh\necho "${name} $*" >> "${callLog}"\n${output}\n`;
  writeFileSync(join(bin, name), body);
  chmodSync(join(bin, name), 0o755);
}

beforeAll(() => {
  mkdirSync(bin);
  mkdirSync(charmDir);
  const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
  const source = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  writeFileSync(join(work, 'charm.ts'), source.replace(`'@flume-charms/reactive'`, JSON.stringify(resolve(__dirname, '../src'))));
  buildSync({ entryPoints: [join(work, 'charm.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node18', minify: true, outfile: join(charmDir, 'dist/charm.js'), logLevel: 'silent' });
  tool('config-get', `echo '{"greeting": "hi"}'`);
  tool('relation-ids', `if [ -n "$FAKE_RELATED" ]; then echo '["sink:0"]'; else echo '[]'; fi`);
  tool('relation-list', `echo '["store/0"]'`);
  tool('relation-get', `echo '{"port": "9000"}'`);
  tool('relation-set', `cat >> "${callLog}"; echo >> "${callLog}"`);
  for (const name of ['status-set', 'open-port', 'juju-log', 'action-set', 'action-fail']) tool(name);
  tool('action-get', `echo '{}'`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hook(name: string, extra: Record<string, string> = {}): { status: number | null; calls: string[] } {
  writeFileSync(callLog, '');
  const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, JUJU_UNIT_NAME: 'echo/0', JUJU_CHARM_DIR: charmDir, JUJU_DISPATCH_PATH: `hooks/${name}`, ...extra };
  const result = spawnSync(process.execPath, [join(charmDir, 'dist/charm.js')], { env, cwd: charmDir, encoding: 'utf8' });
  return { status: result.status, calls: readFileSync(callLog, 'utf8').split('\n').filter((l) => l !== '') };
}

const related = { FAKE_RELATED: '1' };
const inRelation = { ...related, JUJU_RELATION: 'sink', JUJU_RELATION_ID: 'sink:0', JUJU_REMOTE_UNIT: 'store/0' };

test('install, relation-changed, then a no-op update-status without a tool call', () => {
  expect(hook('install')).toEqual({
    status: 0,
    calls: ['config-get --format=json --all', 'relation-ids --format=json sink', 'status-set maintenance -- Installing', 'status-set blocked -- Relate me to a sink'],
  });
  // Membership and config come from the unit state.
  expect(hook('update-status', related)).toEqual({ status: 0, calls: [] });
  const changed = hook('sink-relation-changed', inRelation);
  expect(changed.status).toBe(0);
  expect(changed.calls).toEqual([
    'config-get --format=json --all',
    'relation-ids --format=json sink',
    'relation-list --format=json -r sink:0',
    'relation-get --format=json -r sink:0 - store/0',
    'open-port 8080/tcp',
    'status-set active -- Sending to port 9000',
    'relation-set -r sink:0 --file -',
    '{"greeting":"hi"}',
  ]);
  const idle = hook('update-status', related);
  expect(idle).toEqual({ status: 0, calls: [] });
  expect(execFileSync('stat', ['-c', '%a', join(charmDir, '.unit-state.json')], { encoding: 'utf8' }).trim()).toBe('600');
});

test('a failing tool exits 1, logs with juju-log and leaves the state file untouched', () => {
  const before = readFileSync(join(charmDir, '.unit-state.json'), 'utf8');
  tool('open-port', 'echo "ERROR port in use" >&2; exit 1');
  // New data from the sink makes the charm configure again, and open-port fails.
  tool('relation-get', `echo '{"port": "9001"}'`);
  const failed = hook('sink-relation-changed', inRelation);
  expect(failed.status).toBe(1);
  expect(failed.calls.find((c) => c.startsWith('juju-log'))).toMatch(/juju-log --log-level ERROR -- hook sink-relation-changed failed: HookToolError: hook tool `open-port 8080\/tcp` exited 1: ERROR port in use/);
  expect(readFileSync(join(charmDir, '.unit-state.json'), 'utf8')).toBe(before);
  tool('open-port');
  // Nothing was committed: the retry sees the change again and succeeds.
  const retried = hook('sink-relation-changed', inRelation);
  expect(retried.status).toBe(0);
  expect(retried.calls).toContain('status-set active -- Sending to port 9001');
});

test('an action reports its results and exits 0', () => {
  const ran = hook('ping', { ...related, JUJU_DISPATCH_PATH: 'actions/ping', JUJU_ACTION_NAME: 'ping' });
  expect(ran.status).toBe(0);
  expect(ran.calls).toContain('action-set answer=pong');
});
