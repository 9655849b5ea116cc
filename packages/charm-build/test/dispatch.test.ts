// The dispatch shim, run by a POSIX sh (dash, else bash --posix) with fake tools on an otherwise empty PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DISPATCH = join(__dirname, '..', 'src', 'assets', 'dispatch.sh');
const SHELL: string[] = existsSync('/usr/bin/dash') ? ['/usr/bin/dash'] : existsSync('/bin/dash') ? ['/bin/dash'] : ['/bin/bash', '--posix'];

interface Sandbox {
  root: string;
  charmDir: string;
  bin: string;
  log: string;
}

let sandbox: Sandbox;

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'dispatch-'));
  sandbox = { root, charmDir: join(root, 'charm'), bin: join(root, 'bin'), log: join(root, 'calls.log') };
  mkdirSync(join(sandbox.charmDir, 'hooks'), { recursive: true });
  mkdirSync(join(sandbox.charmDir, 'dist'));
  mkdirSync(sandbox.bin);
  writeFileSync(join(sandbox.charmDir, 'dispatch'), readFileSync(DISPATCH), { mode: 0o755 });
  symlinkSync('../dispatch', join(sandbox.charmDir, 'hooks', 'install'));
  writeFileSync(join(sandbox.charmDir, 'dist', 'charm.js'), '// stand-in bundle\n');
  writeFileSync(sandbox.log, '');
  for (const tool of ['status-set', 'juju-log', 'action-fail']) {
    executable(join(sandbox.bin, tool), `echo "${tool} $*" >> "$FAKE_LOG"`);
  }
});

afterEach(() => rmSync(sandbox.root, { recursive: true, force: true }));

function executable(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** A fake node: answers --version with `version`, and records every run under the path it was run as. */
function fakeNode(path: string, version: string): void {
  executable(
    path,
    [
      'if [ "$1" = --version ]; then',
      '  echo "$0 --version" >> "$FAKE_LOG"',
      `  echo ${version}`,
      '  exit 0',
      'fi',
      'echo "$0 ran $* path=${JUJU_DISPATCH_PATH:-} cwd=$(pwd)" >> "$FAKE_LOG"',
    ].join('\n'),
  );
}

/** A fake apt-get. `installs`: the node version `install` puts on PATH; `needsUpdate`: install fails before an update. */
function fakeAptGet(options: { installs?: string; needsUpdate?: boolean }): void {
  const staged = join(sandbox.root, 'staged-node');
  if (options.installs) fakeNode(staged, options.installs);
  const updated = join(sandbox.root, 'updated');
  executable(
    join(sandbox.bin, 'apt-get'),
    [
      'echo "apt-get $* DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-}" >> "$FAKE_LOG"',
      `case "$*" in *update*) : > "${updated}"; exit 0 ;; esac`,
      options.needsUpdate ? `[ -e "${updated}" ] || exit 100` : '',
      options.installs ? `/bin/cp "${staged}" "${join(sandbox.bin, 'node')}"` : 'exit 100',
    ].join('\n'),
  );
}

function runDispatch(options: { env?: Record<string, string>; script?: string } = {}) {
  const result = spawnSync(SHELL[0] as string, [...SHELL.slice(1), options.script ?? 'dispatch'], {
    cwd: sandbox.charmDir,
    encoding: 'utf8',
    env: {
      PATH: sandbox.bin,
      FAKE_LOG: sandbox.log,
      JUJU_CHARM_DIR: sandbox.charmDir,
      JUJU_DISPATCH_PATH: 'hooks/config-changed',
      CHARM_DISPATCH_FALLBACK_NODE: join(sandbox.root, 'no-such-node'),
      ...options.env,
    },
  });
  return { status: result.status, stderr: result.stderr, calls: readFileSync(sandbox.log, 'utf8').trim().split('\n').filter(Boolean) };
}

const cached = () => readFileSync(join(sandbox.charmDir, '.node-path'), 'utf8').trim();

describe('dispatch', () => {
  it('runs the bundle with a suitable node from PATH, in the charm directory, and caches its path', () => {
    const node = join(sandbox.bin, 'node');
    fakeNode(node, 'v20.11.1');
    const { status, calls } = runDispatch();
    expect(status).toBe(0);
    expect(calls).toEqual([`${node} --version`, `${node} ran dist/charm.js path=hooks/config-changed cwd=${sandbox.charmDir}`]);
    expect(cached()).toBe(node);
  });

  it('skips a node older than 18 and takes nodejs', () => {
    fakeNode(join(sandbox.bin, 'node'), 'v16.20.2');
    const nodejs = join(sandbox.bin, 'nodejs');
    fakeNode(nodejs, 'v18.19.1');
    const { status, calls } = runDispatch();
    expect(status).toBe(0);
    expect(calls).toContain(`${nodejs} ran dist/charm.js path=hooks/config-changed cwd=${sandbox.charmDir}`);
    expect(calls.some((call) => call.includes('/node ran'))).toBe(false);
    expect(cached()).toBe(nodejs);
  });

  // execa 9 declares engines "^18.19.0 || >=20.5.0": the minor version matters, not only the major.
  it.each([
    ['v18.18.2', false],
    ['v18.19.0', true],
    ['v19.9.0', false],
    ['v20.4.0', false],
    ['v20.5.0', true],
    ['v22.11.0', true],
    ['v18', false],
  ])('node %s is accepted: %s', (version, accepted) => {
    const node = join(sandbox.bin, 'node');
    fakeNode(node, version);
    const { status, calls } = runDispatch();
    expect(status).toBe(0);
    expect(calls.some((call) => call.startsWith(`${node} ran dist/charm.js`))).toBe(accepted);
    if (!accepted) expect(calls.find((call) => call.startsWith('status-set blocked'))).toContain(`${node} is ${version}`);
  });

  it('falls back to the well-known node path when PATH has none', () => {
    const fallback = join(sandbox.root, 'usr-bin-node');
    fakeNode(fallback, 'v22.1.0');
    const { status, calls } = runDispatch({ env: { CHARM_DISPATCH_FALLBACK_NODE: fallback } });
    expect(status).toBe(0);
    expect(calls).toContain(`${fallback} ran dist/charm.js path=hooks/config-changed cwd=${sandbox.charmDir}`);
  });

  it('installs nodejs with apt-get when no node is found, then runs it', () => {
    fakeAptGet({ installs: 'v18.19.1' });
    const { status, calls } = runDispatch();
    expect(status).toBe(0);
    const node = join(sandbox.bin, 'node');
    expect(calls.filter((call) => call.startsWith('apt-get'))).toEqual([
      'apt-get install -y -o DPkg::Lock::Timeout=300 nodejs DEBIAN_FRONTEND=noninteractive',
    ]);
    expect(calls).toContain(`${node} ran dist/charm.js path=hooks/config-changed cwd=${sandbox.charmDir}`);
    expect(calls.some((call) => call.startsWith('status-set'))).toBe(false);
    expect(cached()).toBe(node);
  });

  it('runs apt-get update and retries when the first install fails', () => {
    fakeAptGet({ installs: 'v18.19.1', needsUpdate: true });
    const { status, calls } = runDispatch();
    expect(status).toBe(0);
    expect(calls.filter((call) => call.startsWith('apt-get')).map((call) => call.split(' ')[1])).toEqual(['install', 'update', 'install']);
    expect(calls).toContain(`${join(sandbox.bin, 'node')} ran dist/charm.js path=hooks/config-changed cwd=${sandbox.charmDir}`);
  });

  it('sets blocked, logs why and exits 0 when apt-get cannot install nodejs', () => {
    fakeAptGet({});
    const { status, calls } = runDispatch();
    expect(status).toBe(0);
    expect(calls.filter((call) => call.startsWith('apt-get')).map((call) => call.split(' ')[1])).toEqual(['install', 'update', 'install']);
    expect(calls).toContain(
      "status-set blocked Node.js ^18.19.0 || >=20.5.0 is required: apt-get install nodejs failed (see the unit log; check the machine's apt sources and proxy)",
    );
    expect(calls.some((call) => call.startsWith('juju-log --log-level ERROR -- cannot run the charm: apt-get install nodejs failed'))).toBe(true);
    expect(calls.some((call) => call.includes(' ran '))).toBe(false);
    expect(existsSync(join(sandbox.charmDir, '.node-path'))).toBe(false);
  });

  it('sets blocked when apt only has a nodejs older than 18', () => {
    fakeAptGet({ installs: 'v12.22.9' });
    const { status, calls } = runDispatch();
    expect(status).toBe(0);
    const blocked = calls.find((call) => call.startsWith('status-set blocked'));
    expect(blocked).toContain(`${join(sandbox.bin, 'node')} is v12.22.9`);
    expect(calls.some((call) => call.includes(' ran '))).toBe(false);
  });

  it('sets blocked when there is neither node nor apt-get, naming the old node it saw', () => {
    fakeNode(join(sandbox.bin, 'node'), 'v14.21.3');
    const { status, calls } = runDispatch();
    expect(status).toBe(0);
    expect(calls).toContain(
      `status-set blocked Node.js ^18.19.0 || >=20.5.0 is required: no Node.js ^18.19.0 || >=20.5.0 found (${join(sandbox.bin, 'node')} is v14.21.3) and apt-get is not available`,
    );
  });

  it('fails the action as well when an action cannot run', () => {
    fakeAptGet({});
    const { calls } = runDispatch({ env: { JUJU_ACTION_NAME: 'metrics', JUJU_DISPATCH_PATH: 'actions/metrics' } });
    // The message follows `--`, so that it can never be read as a flag.
    expect(calls.some((call) => call.startsWith('action-fail -- Node.js ^18.19.0 || >=20.5.0 is required'))).toBe(true);
  });

  it('reuses the cached node without checking versions again', () => {
    const first = join(sandbox.bin, 'node');
    fakeNode(first, 'v20.11.1');
    runDispatch();
    writeFileSync(sandbox.log, '');
    // Another node now comes first on PATH; the cache still decides, and nothing runs --version.
    const other = join(sandbox.root, 'other-bin');
    mkdirSync(other);
    fakeNode(join(other, 'node'), 'v21.0.0');
    const { status, calls } = runDispatch({ env: { PATH: `${other}:${sandbox.bin}` } });
    expect(status).toBe(0);
    expect(calls).toEqual([`${first} ran dist/charm.js path=hooks/config-changed cwd=${sandbox.charmDir}`]);
  });

  it('looks node up again when the cached path is gone', () => {
    writeFileSync(join(sandbox.charmDir, '.node-path'), `${join(sandbox.root, 'removed-node')}\n`);
    const node = join(sandbox.bin, 'node');
    fakeNode(node, 'v20.11.1');
    const { calls } = runDispatch();
    expect(calls).toEqual([`${node} --version`, `${node} ran dist/charm.js path=hooks/config-changed cwd=${sandbox.charmDir}`]);
    expect(cached()).toBe(node);
  });

  it('derives JUJU_DISPATCH_PATH from a hooks/ link when Juju does not set it', () => {
    fakeNode(join(sandbox.bin, 'node'), 'v20.11.1');
    const { calls } = runDispatch({ script: 'hooks/install', env: { JUJU_DISPATCH_PATH: '' } });
    expect(calls[calls.length - 1]).toBe(`${join(sandbox.bin, 'node')} ran dist/charm.js path=hooks/install cwd=${sandbox.charmDir}`);
  });
});
