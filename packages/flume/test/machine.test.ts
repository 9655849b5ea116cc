import { lstatSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { ensureFlumeUser, ensureJava, ensureLayout, flumeLayout, LayoutError, machinePath } from '../src';
import { createFakeMachine, type FakeMachine } from './helpers/fake-machine';

let machine: FakeMachine;
beforeEach(() => {
  machine = createFakeMachine();
});
afterEach(() => machine.dispose());

describe('machinePath', () => {
  test('prefixes CHARM_ROOTFS when set, and only then', () => {
    expect(machinePath('/etc/flume/x')).toBe(`${machine.root}/etc/flume/x`);
    delete process.env.CHARM_ROOTFS;
    expect(machinePath('/etc/flume/x')).toBe('/etc/flume/x');
    expect(() => machinePath('relative')).toThrow(/absolute/);
  });
});

describe('ensureJava', () => {
  test('skips apt-get when dpkg-query says the package is installed', async () => {
    machine.setState('pkg-openjdk-17-jre-headless');
    expect(await ensureJava()).toEqual({ package: 'openjdk-17-jre-headless', installed: false });
    expect(machine.calls()).toEqual(['dpkg-query -W -f=${Status} openjdk-17-jre-headless']);
  });

  test('installs the configured package with apt-get install -y', async () => {
    expect(await ensureJava('openjdk-21-jre-headless')).toEqual({ package: 'openjdk-21-jre-headless', installed: true });
    expect(machine.callsOf('apt-get')).toEqual(['install -y -o DPkg::Lock::Timeout=300 openjdk-21-jre-headless']);
  });

  test('after a failed install, updates the package lists and retries once', async () => {
    machine.setState('fail-once-apt-get-install');
    await ensureJava();
    // Every apt-get waits for the dpkg lock (unattended-upgrades holds it on fresh machines) rather than failing.
    expect(machine.callsOf('apt-get')).toEqual([
      'install -y -o DPkg::Lock::Timeout=300 openjdk-17-jre-headless',
      'update -o DPkg::Lock::Timeout=300',
      'install -y -o DPkg::Lock::Timeout=300 openjdk-17-jre-headless',
    ]);
  });

  test('refuses package names that are not Debian package names, before running anything', async () => {
    for (const bad of ['-oAPT::Get::foo=1', 'openjdk; rm -rf /', 'Openjdk', '']) {
      await expect(ensureJava(bad)).rejects.toThrow(/invalid java package name/);
    }
    expect(machine.calls()).toEqual([]);
  });
});

describe('ensureFlumeUser', () => {
  test('creates a system user with no shell and no home when getent does not know it', async () => {
    expect(await ensureFlumeUser()).toBe(true);
    expect(machine.callsOf('useradd')).toEqual([
      '--system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --user-group flume',
    ]);
    expect(await ensureFlumeUser()).toBe(false);
    expect(machine.callsOf('useradd')).toHaveLength(1);
  });

  test('joins an existing flume group instead of creating one', async () => {
    machine.setState('group-flume');
    await ensureFlumeUser();
    expect(machine.callsOf('useradd')[0]).toContain('--gid flume flume');
  });
});

describe('ensureLayout', () => {
  test('creates namespaced directories with strict modes, owned through chown', async () => {
    const layout = flumeLayout('flume-hdfs');
    await ensureLayout(layout);
    const mode = (p: string): number => statSync(machine.path(p)).mode & 0o777;
    expect(mode('/etc/flume/flume-hdfs')).toBe(0o750);
    expect(mode('/var/lib/flume/flume-hdfs')).toBe(0o700);
    expect(mode('/var/lib/flume/flume-hdfs/channels')).toBe(0o700);
    expect(mode('/var/lib/flume/flume-hdfs/events')).toBe(0o700);
    expect(mode('/var/log/flume/flume-hdfs')).toBe(0o750);
    expect(machine.callsOf('chown')).toEqual([
      `root:flume ${machine.path('/etc/flume/flume-hdfs')}`,
      `flume:flume ${machine.path('/var/lib/flume/flume-hdfs')}`,
      `flume:flume ${machine.path('/var/lib/flume/flume-hdfs/channels')}`,
      // file_roll never creates its directory: without this one every batch of sink_type=file fails.
      `flume:flume ${machine.path('/var/lib/flume/flume-hdfs/events')}`,
      `flume:flume ${machine.path('/var/log/flume/flume-hdfs')}`,
    ]);
  });

  test('puts the channel root on the channel-data storage when attached', async () => {
    const layout = flumeLayout('flume-hdfs', { channelStorage: '/srv/flume-hdfs/channel-data' });
    await ensureLayout(layout);
    expect(statSync(machine.path('/srv/flume-hdfs/channel-data')).mode & 0o777).toBe(0o700);
    expect(machine.callsOf('chown')).toContain(`flume:flume ${machine.path('/srv/flume-hdfs/channel-data')}`);
  });

  test('refuses a symlink where a directory belongs (chown would follow it)', async () => {
    mkdirSync(machine.path('/var/log/flume'), { recursive: true });
    symlinkSync('/etc', machine.path('/var/log/flume/flume-hdfs'));
    await expect(ensureLayout(flumeLayout('flume-hdfs'))).rejects.toBeInstanceOf(LayoutError);
    expect(lstatSync(machine.path('/var/log/flume/flume-hdfs')).isSymbolicLink()).toBe(true);
    expect(machine.callsOf('chown').some((c) => c.includes('/var/log'))).toBe(false);
  });

  test('invalid application names and storage paths are refused', () => {
    expect(() => flumeLayout('../etc')).toThrow(/invalid application name/);
    expect(() => flumeLayout('Flume')).toThrow(/invalid application name/);
    expect(() => flumeLayout('a', { channelStorage: 'relative/path' })).toThrow(/storage/);
    expect(() => flumeLayout('a', { channelStorage: '/srv/../etc' })).toThrow(/storage/);
    expect(() => flumeLayout('a', { channelStorage: '/srv/with space' })).toThrow(/storage/);
  });
});
