import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import {
  addPending,
  apply,
  applyService,
  ensureLayout,
  failureReason,
  flumeLayout,
  renderUnit,
  serviceStatus,
  type RenderedFiles,
} from '../src';
import { createFakeMachine, type FakeMachine } from './helpers/fake-machine';
import { minimalConf } from './helpers/minimal-conf';

const layout = flumeLayout('flume-syslog');
const SERVICE = 'flume-flume-syslog.service'; // flume-APP.service

const CONF = minimalConf();
const RENDERED: RenderedFiles = { flumeConf: CONF, flumeEnv: "export JAVA_OPTS='-Xmx256m'\n", log4j2: '<Configuration/>\n' };

let machine: FakeMachine;
beforeEach(async () => {
  machine = createFakeMachine();
  await ensureLayout(layout);
  machine.clearCalls();
});
afterEach(() => machine.dispose());

describe('renderUnit', () => {
  test('runs flume-ng as the flume user with --no-reload-conf, hardened', () => {
    const unit = renderUnit(layout, { agentName: 'a1', listenPorts: [4141] });
    expect(unit).toContain('User=flume\n');
    expect(unit).toContain('Group=flume\n');
    expect(unit).not.toMatch(/^User=root/m);
    expect(unit).toContain(
      'ExecStart=/opt/flume/flume-syslog/current/bin/flume-ng agent -n a1 -c /etc/flume/flume-syslog -f /etc/flume/flume-syslog/flume.conf --no-reload-conf\n',
    );
    for (const line of ['Restart=on-failure', 'NoNewPrivileges=true', 'ProtectSystem=strict', 'PrivateTmp=true', 'ProtectHome=true']) {
      expect(unit).toContain(`${line}\n`);
    }
    expect(unit).toContain('ReadWritePaths=/var/lib/flume/flume-syslog /var/lib/flume/flume-syslog/channels /var/log/flume/flume-syslog\n');
  });

  test('the file_roll events directory is writable under ProtectSystem=strict', () => {
    const unit = renderUnit(layout, { agentName: 'a1', listenPorts: [] });
    const writable = (/^ReadWritePaths=(.*)$/m.exec(unit)?.[1] ?? '').split(' ');
    expect(writable.some((dir) => layout.eventsDir === dir || layout.eventsDir.startsWith(`${dir}/`))).toBe(true);
  });

  test('no capabilities at all when every port is 1024 or above', () => {
    const unit = renderUnit(layout, { agentName: 'a1', listenPorts: [1024, 4141] });
    expect(unit).not.toContain('AmbientCapabilities');
    expect(unit).toContain('CapabilityBoundingSet=\n');
  });

  test('CAP_NET_BIND_SERVICE only, when a port is below 1024', () => {
    const unit = renderUnit(layout, { agentName: 'a1', listenPorts: [514] });
    expect(unit).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE\n');
    expect(unit).toContain('CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n');
    expect(unit).toContain('User=flume\n');
  });

  test('the channel-data storage is writable; odd names and ports are refused', () => {
    const withStorage = flumeLayout('flume-hdfs', { channelStorage: '/srv/flume-hdfs/channel-data' });
    expect(renderUnit(withStorage, { agentName: 'a1', listenPorts: [] })).toContain('/srv/flume-hdfs/channel-data');
    expect(() => renderUnit(layout, { agentName: 'a1 -c /tmp', listenPorts: [] })).toThrow(/agent name/);
    expect(() => renderUnit(layout, { agentName: 'a1', listenPorts: [0] })).toThrow(/port/);
    expect(() => renderUnit(layout, { agentName: 'a1', listenPorts: [], extraWritablePaths: ['/x y'] })).toThrow(/path/);
  });
});

describe('apply: start, restart only on change, never on an invalid config', () => {
  const input = { rendered: RENDERED, agentName: 'a1', unit: { agentName: 'a1', listenPorts: [514] }, desired: 'running' as const };

  test('first apply writes everything, reloads systemd and enables --now', async () => {
    const result = await apply(layout, input);
    expect(result).toEqual({ ok: true, configChanged: true, unitChanged: true, action: 'started' });
    expect(machine.callsOf('systemctl')).toEqual(['daemon-reload', `is-active ${SERVICE}`, `enable --now ${SERVICE}`]);
    expect(readFileSync(machine.path('/etc/flume/flume-syslog/flume.conf'), 'utf8')).toBe(CONF);
    expect(readFileSync(machine.path('/etc/systemd/system/flume-flume-syslog.service'), 'utf8')).toContain('User=flume');
    expect(existsSync(machine.path('/etc/flume/flume-syslog/.pending-actions'))).toBe(false);
  });

  test('the same render again restarts nothing', async () => {
    await apply(layout, input);
    machine.clearCalls();
    expect(await apply(layout, input)).toEqual({ ok: true, configChanged: false, unitChanged: false, action: 'none' });
    expect(machine.callsOf('systemctl')).toEqual([`is-active ${SERVICE}`]);
  });

  test('a changed flume-env.sh restarts (no daemon-reload)', async () => {
    await apply(layout, input);
    machine.clearCalls();
    const changed = { ...input, rendered: { ...RENDERED, flumeEnv: "export JAVA_OPTS='-Xmx512m'\n" } };
    expect(await apply(layout, changed)).toMatchObject({ ok: true, configChanged: true, unitChanged: false, action: 'restarted' });
    expect(machine.callsOf('systemctl')).toEqual([`is-active ${SERVICE}`, `restart ${SERVICE}`]);
  });

  test('a failing `systemctl is-active` fails the apply and keeps the restart pending for the retry', async () => {
    await apply(layout, input);
    const changed = { ...input, rendered: { ...RENDERED, flumeEnv: "export JAVA_OPTS='-Xmx768m'\n" } };
    machine.setState('fail-once-systemctl-is-active');
    await expect(apply(layout, changed)).rejects.toThrow(/is-active/);
    machine.clearCalls();
    // The retry sees no changed file, yet still restarts: the restart was recorded before the write.
    expect(await apply(layout, changed)).toMatchObject({ ok: true, configChanged: false, action: 'restarted' });
    expect(machine.callsOf('systemctl')).toEqual([`is-active ${SERVICE}`, `restart ${SERVICE}`]);
  });

  test('a changed unit (port moved above 1024) reloads systemd and restarts', async () => {
    await apply(layout, input);
    machine.clearCalls();
    const result = await apply(layout, { ...input, unit: { agentName: 'a1', listenPorts: [5514] } });
    expect(result).toMatchObject({ configChanged: false, unitChanged: true, action: 'restarted' });
    expect(machine.callsOf('systemctl')).toEqual(['daemon-reload', `is-active ${SERVICE}`, `restart ${SERVICE}`]);
  });

  test('an invalid config writes nothing and leaves the running service alone', async () => {
    await apply(layout, input);
    machine.clearCalls();
    const bad = { ...input, rendered: { ...RENDERED, flumeConf: CONF.replace('a1.sources.r1.port = 514\n', '') } };
    const result = await apply(layout, bad);
    expect(result).toEqual({ ok: false, errors: [{ component: 'source r1', message: 'syslogudp needs port' }] });
    expect(readFileSync(machine.path('/etc/flume/flume-syslog/flume.conf'), 'utf8')).toBe(CONF);
    expect(machine.calls()).toEqual([]);
  });

  test('a restart that failed is carried out by the retry, although the files no longer change', async () => {
    await apply(layout, input);
    const changed = { ...input, rendered: { ...RENDERED, flumeConf: CONF.replace('514', '1514') } };
    machine.setState('fail-once-systemctl-restart');
    await expect(apply(layout, changed)).rejects.toThrow(/systemctl restart/);
    machine.clearCalls();
    expect(await apply(layout, changed)).toMatchObject({ ok: true, configChanged: false, action: 'restarted' });
    expect(machine.callsOf('systemctl')).toEqual([`is-active ${SERVICE}`, `restart ${SERVICE}`]);
  });

  test('a daemon-reload that failed is carried out by the retry', async () => {
    machine.setState('fail-once-systemctl-daemon-reload');
    await expect(apply(layout, input)).rejects.toThrow(/daemon-reload/);
    machine.clearCalls();
    expect(await apply(layout, input)).toMatchObject({ ok: true, unitChanged: false, action: 'started' });
    expect(machine.callsOf('systemctl')).toEqual(['daemon-reload', `is-active ${SERVICE}`, `enable --now ${SERVICE}`]);
  });

  test('extra files: written beside flume.conf, a change restarts, undefined removes the file', async () => {
    const site = machine.path('/etc/flume/flume-syslog/hdfs-site.xml');
    const withSite = (content: string | undefined) => ({ ...input, extraFiles: [{ name: 'hdfs-site.xml', content }] });
    await apply(layout, withSite('<configuration/>\n'));
    expect(readFileSync(site, 'utf8')).toBe('<configuration/>\n');
    machine.clearCalls();
    expect(await apply(layout, withSite('<configuration/>\n'))).toMatchObject({ configChanged: false, action: 'none' });
    expect(await apply(layout, withSite('<configuration><property/></configuration>\n'))).toMatchObject({ configChanged: true, action: 'restarted' });
    expect(await apply(layout, withSite(undefined))).toMatchObject({ configChanged: true, action: 'restarted' });
    expect(existsSync(site)).toBe(false);
    machine.clearCalls();
    expect(await apply(layout, withSite(undefined))).toMatchObject({ configChanged: false, action: 'none' });
    expect(machine.callsOf('systemctl')).toEqual([`is-active ${SERVICE}`]);
  });

  test('extra files: an invalid flume.conf writes none of them; names outside the config directory are refused', async () => {
    const bad = { ...input, rendered: { ...RENDERED, flumeConf: 'a1.sources = r1\n' }, extraFiles: [{ name: 'hdfs-site.xml', content: 'x' }] };
    expect((await apply(layout, bad)).ok).toBe(false);
    expect(existsSync(machine.path('/etc/flume/flume-syslog/hdfs-site.xml'))).toBe(false);
    for (const name of ['../hdfs-site.xml', 'flume.conf', '.pending-actions', 'a/b']) {
      await expect(apply(layout, { ...input, extraFiles: [{ name, content: 'x' }] })).rejects.toThrow(/invalid extra config file name/);
    }
  });

  test('a restart recorded with addPending (e.g. before a new Flume build) is carried out by the next apply', async () => {
    await apply(layout, input);
    await addPending(layout, ['restart']);
    machine.clearCalls();
    expect(await apply(layout, input)).toEqual({ ok: true, configChanged: false, unitChanged: false, action: 'restarted' });
    expect(machine.callsOf('systemctl')).toEqual([`is-active ${SERVICE}`, `restart ${SERVICE}`]);
    expect(existsSync(machine.path('/etc/flume/flume-syslog/.pending-actions'))).toBe(false);
  });

  test('desired stopped disables --now a running service, then does nothing', async () => {
    await apply(layout, input);
    machine.clearCalls();
    expect(await apply(layout, { ...input, desired: 'stopped' })).toMatchObject({ action: 'stopped' });
    expect(machine.callsOf('systemctl')).toContain(`disable --now ${SERVICE}`);
    machine.clearCalls();
    expect(await apply(layout, { ...input, desired: 'stopped' })).toMatchObject({ action: 'none' });
    expect(machine.callsOf('systemctl')).toEqual([`is-active ${SERVICE}`, `is-enabled ${SERVICE}`]);
  });

  test('applyService starts a failed service', async () => {
    const unit = renderUnit(layout, { agentName: 'a1', listenPorts: [] });
    await applyService(layout, { unit, configChanged: false, desired: 'running' });
    machine.setState(`service-${SERVICE}`, 'failed');
    machine.clearCalls();
    expect(await applyService(layout, { unit, configChanged: false, desired: 'running' })).toEqual({ unitChanged: false, action: 'started' });
  });
});

describe('serviceStatus', () => {
  test('active: no journal or log reading', async () => {
    machine.setState(`service-${SERVICE}`, 'active');
    const status = await serviceStatus(layout);
    expect(status).toMatchObject({ state: 'active', result: 'success', restarts: 0, journal: [], logTail: [] });
    expect(status.reason).toBeUndefined();
    expect(machine.callsOf('journalctl')).toEqual([]);
  });

  test('failed: the reason comes from the Flume log, with the journal alongside', async () => {
    machine.setState(`service-${SERVICE}`, 'failed');
    machine.setState('journal', 'Nov 24 flume-ng[1]: starting\nNov 24 systemd[1]: flume-flume-syslog.service: Failed with result exit-code.\n');
    mkdirSync(machine.path('/var/log/flume/flume-syslog'), { recursive: true });
    writeFileSync(
      machine.path('/var/log/flume/flume-syslog/flume.log'),
      '2024-01-01 INFO starting\n2024-01-01 ERROR Unable to start EventDrivenSourceRunner: java.net.BindException: Permission denied\n2024-01-01 INFO shutdown hook\n',
    );
    const status = await serviceStatus(layout);
    expect(status.state).toBe('failed');
    expect(status.restarts).toBe(5);
    expect(status.reason).toBe('2024-01-01 ERROR Unable to start EventDrivenSourceRunner: java.net.BindException: Permission denied');
    expect(status.journal).toHaveLength(2);
    expect(machine.callsOf('journalctl')).toEqual([`-u ${SERVICE} -n 20 --no-pager`]);
  });

  test('inactive without logs: the journal, then systemd\'s result', () => {
    expect(failureReason([], ['a', 'b: Main process exited, code=exited, status=1/FAILURE'])).toBe('b: Main process exited, code=exited, status=1/FAILURE');
    expect(failureReason([], [], { Result: 'start-limit-hit' })).toBe('systemd result: start-limit-hit');
  });

  test("the service's own journal line wins over systemd's later summary", () => {
    const journal = [
      'Nov 24 10:00:01 host flume-ng[4242]: Exception in thread "main" java.lang.NoClassDefFoundError: org/apache/hadoop/conf/Configuration',
      'Nov 24 10:00:01 host flume-ng[4242]: \tat org.apache.flume.sink.hdfs.HDFSEventSink.configure(HDFSEventSink.java:250)',
      'Nov 24 10:00:02 host systemd[1]: flume-flume-hdfs.service: Main process exited, code=exited, status=1/FAILURE',
      "Nov 24 10:00:02 host systemd[1]: flume-flume-hdfs.service: Failed with result 'exit-code'.",
    ];
    expect(failureReason([], journal)).toBe(journal[0]);
  });

  test("without an error-looking line of its own, the service's last line still beats systemd", () => {
    const journal = ['flume-flume-syslog[1001]: flume-ng exited with status 1', "systemd[1]: flume-flume-syslog.service: Failed with result 'exit-code'."];
    expect(failureReason([], journal)).toBe('flume-flume-syslog[1001]: flume-ng exited with status 1');
  });

  test('the Flume log beats any journal line', () => {
    const log = ['2025-01-01 00:00:00,000 ERROR [lifecycleSupervisor-1-0] Failed to start: java.net.BindException: Address already in use', '2025-01-01 INFO shutdown'];
    const journal = ['flume-ng[7]: Error: JAVA_HOME is not set', "systemd[1]: x.service: Failed with result 'exit-code'."];
    expect(failureReason(log, journal)).toBe(log[0]);
  });

  test("systemd's summary only when the service wrote nothing to the journal", () => {
    const journal = ['systemd[1]: Started flume-x.service.', "systemd[1]: flume-x.service: Failed with result 'exit-code'.", 'systemd[1]: Stopped flume-x.service.'];
    expect(failureReason([], journal, { Result: 'exit-code' })).toBe("systemd[1]: flume-x.service: Failed with result 'exit-code'.");
    expect(failureReason([], ['systemd[1]: Stopped flume-x.service.'], { Result: 'exit-code' })).toBe('systemd[1]: Stopped flume-x.service.');
  });

  test('serviceStatus: a failed service without a Flume log reports what the JVM wrote, not systemd', async () => {
    machine.setState(`service-${SERVICE}`, 'failed');
    machine.setState(
      'journal',
      '-- Logs begin at Mon 2024-11-24 --\n' +
        'Nov 24 flume-ng[9]: Error: Could not find or load main class org.apache.flume.node.Application\n' +
        "Nov 24 systemd[1]: flume-flume-syslog.service: Failed with result 'exit-code'.\n",
    );
    const status = await serviceStatus(layout);
    expect(status.reason).toBe('Nov 24 flume-ng[9]: Error: Could not find or load main class org.apache.flume.node.Application');
  });
});
