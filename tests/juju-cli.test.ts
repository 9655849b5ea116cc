// The real-Juju wrapper (tests/integration/juju-cli.ts) against a recording fake `juju`, and the rule that
// `make test` never runs tests/integration (it would deploy to whatever controller `juju` is logged in to).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { allActive, anyError, Juju, MIN_JUJU, supportedJuju, type Status } from './integration/juju-cli';

const ROOT = resolve(__dirname, '..');

describe('the juju CLI wrapper', () => {
  let bin: string;
  let savedPath: string | undefined;
  const calls = (): string[] => readFileSync(join(bin, 'calls.log'), 'utf8').trim().split('\n');

  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'fake-juju-'));
    writeFileSync(join(bin, 'calls.log'), '');
    // Answers as Juju 3.x does for the commands the wrapper uses, and records each call.
    writeFileSync(
      join(bin, 'juju'),
      [
        '#!/bin/sh',
        `echo "$*" >> ${join(bin, 'calls.log')}`,
        'case "$1" in',
        '  version) echo "${FAKE_JUJU_VERSION:-3.6.1-ubuntu-amd64}" ;;',
        '  exec) echo 198.51.100.7 ;;',
        '  run) echo \'{"flume-hdfs/0":{"results":{"channel-c1-size":"0"},"status":"completed"}}\' ;;',
        'esac',
      ].join('\n'),
    );
    chmodSync(join(bin, 'juju'), 0o755);
    savedPath = process.env['PATH'];
    process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
  });
  afterEach(() => {
    process.env['PATH'] = savedPath;
    delete process.env['FAKE_JUJU_VERSION'];
    rmSync(bin, { recursive: true, force: true });
  });

  test('speaks the Juju 3 CLI: integrate, exec for network-get (ingress-address), run for actions', async () => {
    const juju = await Juju.addModel('it');
    await juju.integrate('flume-syslog:flume-agent', 'flume-hdfs:flume-agent');
    expect(await juju.ingressAddress('flume-hdfs/0', 'flume-agent')).toBe('198.51.100.7');
    expect(await juju.runAction('flume-hdfs/0', 'metrics')).toEqual({ 'flume-hdfs/0': { results: { 'channel-c1-size': '0' }, status: 'completed' } });
    await juju.destroyModel();
    expect(calls()).toEqual([
      'version',
      'add-model it',
      'integrate flume-syslog:flume-agent flume-hdfs:flume-agent',
      'exec --unit flume-hdfs/0 -- network-get flume-agent --ingress-address',
      'run flume-hdfs/0 metrics --format=json',
      'destroy-model it --destroy-storage --force --no-wait --no-prompt',
    ]);
  });

  test('refuses a Juju older than the charms assume (3.4: the first to deploy ubuntu@24.04)', async () => {
    process.env['FAKE_JUJU_VERSION'] = '3.1.8-genericlinux-amd64';
    await expect(Juju.addModel('it')).rejects.toThrow('juju 3.1.8-genericlinux-amd64: the charms need Juju >= 3.4');
    expect(calls()).toEqual(['version']);
    expect(['2.9.45', '3.3.0', '3.4.0', '3.6.1-ubuntu-amd64', '4.0.0', 'junk'].map(supportedJuju)).toEqual([false, false, true, true, true, false]);
  });
});

describe('settling on a real controller', () => {
  const status = (workload: string, agent = 'idle'): Status => ({
    applications: { 'flume-syslog': { units: { 'flume-syslog/0': { 'workload-status': { current: workload }, 'juju-status': { current: agent } } } } },
  });

  test('blocked and waiting are states a fresh deploy passes through; only error is fatal', () => {
    expect(anyError(status('blocked'), 'flume-syslog')).toBe(false);
    expect(anyError(status('waiting'), 'flume-syslog')).toBe(false);
    expect(anyError(status('error'), 'flume-syslog')).toBe(true);
    expect(anyError(status('maintenance', 'error'), 'flume-syslog')).toBe(true);
    expect(allActive(status('active'), 'flume-syslog')).toBe(true);
  });
});

test('make test never runs tests/integration; make integration runs only it', () => {
  const jest = join(ROOT, 'node_modules', '.bin', 'jest');
  const list = (...args: string[]): string[] => {
    const result = spawnSync(jest, ['--listTests', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    return result.stdout.trim().split('\n').map((file) => file.slice(ROOT.length + 1));
  };
  const defaults = list();
  expect(defaults.length).toBeGreaterThan(20);
  expect(defaults.filter((file) => file.startsWith('tests/integration/'))).toEqual([]);
  const integration = list('--config', 'jest.integration.config.js');
  expect(integration).toContain('tests/integration/flume-pair.test.ts');
  expect(integration.every((file) => file.startsWith('tests/integration/'))).toBe(true);
}, 60_000);

test('charmcraft.yaml, the README and the wrapper agree on the oldest Juju: 3.4, for ubuntu@24.04', () => {
  const minimum = MIN_JUJU.join('.');
  for (const charm of ['flume-hdfs', 'flume-syslog']) {
    const project = parse(readFileSync(join(ROOT, 'charms', charm, 'charmcraft.yaml'), 'utf8')) as { base: string; assumes: string[] };
    expect(project.base).toBe('ubuntu@24.04');
    expect(project.assumes).toEqual([`juju >= ${minimum}`]);
  }
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`**Juju ${minimum} or newer**`);
});
