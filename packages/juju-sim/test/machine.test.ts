import { Model } from '../src';
import { TOOLBOX } from './support/probe';
import { runInHook } from './support/toolbox';

const UNIT_FILE = '[Unit]\nDescription=Flume\n[Service]\nExecStart=/opt/flume/bin/flume-ng agent\n';

describe('recording fakes of the machine commands', () => {
  let model: Model;
  beforeAll(async () => {
    model = await Model.create();
    await model.deploy(TOOLBOX, { name: 'box', units: 1 });
    await model.settle();
  });
  afterAll(async () => {
    await model.destroy();
  });

  test('apt-get install records packages that dpkg-query then reports installed', async () => {
    const out = await runInHook(model, 'box/0', [
      ['dpkg-query', '-W', '-f=${Status}', 'openjdk-17-jre-headless'],
      ['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'openjdk-17-jre-headless'],
      ['dpkg-query', '-W', '-f=${Status}', 'openjdk-17-jre-headless'],
    ]);
    expect(out[0]).toEqual({ code: 1, stdout: '', stderr: 'dpkg-query: no packages found matching openjdk-17-jre-headless\n' });
    expect(out[1]?.code).toBe(0);
    expect(out[2]).toEqual({ code: 0, stdout: 'install ok installed', stderr: '' });
    expect(model.machine('box/0').packages.has('openjdk-17-jre-headless')).toBe(true);
  });

  test('useradd creates the account getent then answers; chown checks the user and the unit root', async () => {
    const out = await runInHook(model, 'box/0', [
      ['getent', 'passwd', 'flume'],
      ['useradd', '--system', '--user-group', '--home-dir', '/var/lib/flume', '--shell', '/usr/sbin/nologin', 'flume'],
      ['getent', 'passwd', 'flume'],
      ['useradd', '--system', 'flume'],
      ['bash', '-c', 'chown -R flume:flume "$CHARM_ROOTFS/opt"'],
      ['bash', '-c', 'chown ghost "$CHARM_ROOTFS/opt"'],
      ['chown', 'flume', '/etc/passwd'],
      ['bash', '-c', 'chown flume "$CHARM_ROOTFS/missing"'],
    ]);
    expect(out[0]?.code).toBe(2);
    expect(out[1]?.code).toBe(0);
    expect(out[2]?.stdout).toBe('flume:x:998:998::/var/lib/flume:/usr/sbin/nologin\n');
    expect(out[3]).toMatchObject({ code: 9, stderr: "useradd: user 'flume' already exists\n" });
    expect(out[4]?.code).toBe(0);
    expect(out[5]).toMatchObject({ code: 1, stderr: "chown: invalid user: 'ghost'\n" });
    expect(out[6]?.code).toBe(1);
    expect(out[6]?.stderr).toContain('outside the unit root');
    expect(out[7]?.stderr).toContain('No such file or directory');
    expect([...model.machine('box/0').owners.values()]).toEqual([{ user: 'flume', group: 'flume', recursive: true }]);
  });

  test('systemctl keeps per-unit service state; a failed service shows its reason in journalctl', async () => {
    const rootfs = model.unitPath('box/0', '/');
    const out = await runInHook(model, 'box/0', [
      ['systemctl', 'enable', 'flume'],
      ['bash', '-c', `printf '%s' '${UNIT_FILE}' > "$CHARM_ROOTFS/etc/systemd/system/flume.service"`],
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'flume.service'],
      ['systemctl', 'is-active', 'flume'],
      ['systemctl', 'is-enabled', 'flume'],
      ['systemctl', 'restart', 'flume'],
      ['systemctl', 'show', 'flume', '--property=ActiveState,SubState,Result,NRestarts'],
      ['systemctl', 'start', 'nosuch'],
    ]);
    expect(rootfs.endsWith('rootfs/')).toBe(true);
    expect(out[0]).toMatchObject({ code: 1, stderr: 'Failed to enable unit: Unit file flume.service does not exist.\n' });
    expect(out.slice(2, 8).map((o) => o.code)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(out[4]?.stdout).toBe('active\n');
    expect(out[5]?.stdout).toBe('enabled\n');
    expect(out[7]?.stdout).toBe('ActiveState=active\nSubState=running\nResult=success\nNRestarts=0\n');
    expect(out[8]?.code).toBe(5);
    expect(model.service('box/0', 'flume')).toMatchObject({ enabled: true, activeState: 'active', starts: 2, restarts: 1, unitFileExists: true });

    model.failService('box/0', 'flume', 'java.lang.OutOfMemoryError: Java heap space');
    const failed = await runInHook(model, 'box/0', [
      ['systemctl', 'is-active', 'flume'],
      ['systemctl', 'restart', 'flume'],
      ['journalctl', '-u', 'flume', '-n', '3', '--no-pager'],
      ['systemctl', 'show', 'flume', '-p', 'ActiveState', '--value'],
    ]);
    expect(failed[0]).toMatchObject({ code: 3, stdout: 'failed\n' });
    expect(failed[1]?.code).toBe(1);
    expect(failed[1]?.stderr).toContain('Job for flume.service failed');
    expect(failed[2]?.stdout).toContain('java.lang.OutOfMemoryError: Java heap space');
    expect(failed[2]?.stdout.trim().split('\n')).toHaveLength(3);
    expect(failed[3]?.stdout).toBe('failed\n');

    model.clearServiceFault('box/0', 'flume');
    const fixed = await runInHook(model, 'box/0', [['systemctl', 'start', 'flume'], ['systemctl', 'is-active', '--quiet', 'flume']]);
    expect(fixed.map((f) => f.code)).toEqual([0, 0]);
    expect(model.toolCalls.filter((c) => c.tool === 'systemctl' && c.unit === 'box/0').length).toBeGreaterThan(10);
  });

  test('start and enable --now of an active service do nothing, as in systemd; restart restarts', async () => {
    const first = await runInHook(model, 'box/0', [
      ['bash', '-c', `printf '%s' '${UNIT_FILE}' > "$CHARM_ROOTFS/etc/systemd/system/flume.service"`],
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'flume.service'],
    ]);
    expect(first.map((o) => o.code)).toEqual([0, 0, 0]);
    const before = model.service('box/0', 'flume');
    expect(before?.activeState).toBe('active');
    const again = await runInHook(model, 'box/0', [['systemctl', 'start', 'flume'], ['systemctl', 'enable', '--now', 'flume']]);
    expect(again.map((o) => o.code)).toEqual([0, 0]);
    expect(model.service('box/0', 'flume')).toMatchObject({ activeState: 'active', starts: before?.starts, restarts: before?.restarts });
    await runInHook(model, 'box/0', [['systemctl', 'restart', 'flume']]);
    expect(model.service('box/0', 'flume')).toMatchObject({ activeState: 'active', starts: (before?.starts ?? 0) + 1, restarts: (before?.restarts ?? 0) + 1 });
  });
});
