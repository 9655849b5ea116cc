// Opened ports per source_type, the syslog relation (what forwarders read, the client count), and
// what a hook costs: restarts only on rendered changes, a no-op update-status within 3 hook-tool calls.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Model } from '@flume-charms/juju-sim';
import { ready } from '../src/statuses';
import {
  AGENT,
  SERVICE,
  SINK_BAG,
  UNIT,
  deployAgent,
  deployRemote,
  flumeConf,
  ports,
  relateForwarder,
  relateSink,
  workload,
  activeAgent,
} from './support/scenario';

describe('flume-syslog ports, syslog relation and restarts', () => {
  let model: Model;
  afterEach(async () => model?.destroy());

  test('syslogudp opens N/udp; switching to syslogtcp opens N/tcp and closes the old one', async () => {
    model = await activeAgent();
    expect(ports(model)).toEqual(['514/udp']);
    model.config(AGENT, { source_type: 'syslogtcp', source_port: '5140' });
    await model.settle();
    expect(ports(model)).toEqual(['5140/tcp']);
    expect(flumeConf(model)).toContain('a1.sources.syslog.type = syslogtcp\na1.sources.syslog.host = 0.0.0.0\n');
    model.config(AGENT, { source_type: 'multiport_syslogtcp', source_port: '5140 5141' });
    await model.settle();
    expect(ports(model)).toEqual(['5140/tcp', '5141/tcp']);
    expect(flumeConf(model)).toContain('a1.sources.syslog.ports = 5140 5141\n');
  });

  test('the service unit grants CAP_NET_BIND_SERVICE for port 514 and runs as flume', async () => {
    model = await activeAgent();
    const unit = model.unitFile(UNIT, '/etc/systemd/system/flume-flume-syslog.service');
    expect(unit).toContain('User=flume\n');
    expect(unit).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE\n');
  });

  test('a metrics_port below 1024 also grants CAP_NET_BIND_SERVICE (the HTTP metrics server binds it)', async () => {
    model = await activeAgent();
    model.config(AGENT, { source_port: '5140', metrics_port: 845 });
    await model.settle();
    const unit = model.unitFile(UNIT, '/etc/systemd/system/flume-flume-syslog.service');
    expect(unit).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE\n');
    model.config(AGENT, { metrics_port: 34546 });
    await model.settle();
    expect(model.unitFile(UNIT, '/etc/systemd/system/flume-flume-syslog.service')).toContain('CapabilityBoundingSet=\n');
  });

  test('an invalid option blocks naming it; Flume and its config stay as they were', async () => {
    model = await activeAgent();
    const conf = flumeConf(model);
    const restarts = model.service(UNIT, SERVICE)?.restarts;
    model.config(AGENT, { source_port: '514 515' });
    await model.settle();
    expect(workload(model)).toEqual({
      status: 'blocked',
      message: 'Invalid config: source_port: lists 2 ports; only multiport_syslogtcp listens on several',
    });
    expect(model.logs.filter((l) => l.unit === UNIT && l.level === 'ERROR').map((l) => l.message)).toContain(
      'Invalid config: source_port: lists 2 ports; only multiport_syslogtcp listens on several',
    );
    expect(flumeConf(model)).toBe(conf);
    expect(model.service(UNIT, SERVICE)?.restarts).toBe(restarts);
    expect(ports(model)).toEqual(['514/udp']);
    model.config(AGENT, { source_port: '514' });
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
  });

  test('forwarders read port and protocol from the unit databag and count as syslog clients', async () => {
    model = await activeAgent();
    await deployRemote(model, 'rsyslog', { 'hostile-key': '${jndi:ldap://x}\na1.sinks = x' }, 2);
    const relation = relateForwarder(model, 'rsyslog');
    await model.settle();
    expect(model.relationData(relation, UNIT)).toMatchObject({ port: '514', protocol: 'udp' });
    expect(model.relationData(relation, UNIT)['private-address']).toBeDefined();
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 2) });
    expect(flumeConf(model)).not.toContain('jndi');

    model.config(AGENT, { source_type: 'syslogtcp', source_port: '5514' });
    await model.settle();
    expect(model.relationData(relation, UNIT)).toMatchObject({ port: '5514', protocol: 'tcp' });

    model.removeUnit('rsyslog/1');
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 1) });
  });

  test('restarts only when a rendered file changed', async () => {
    model = await activeAgent();
    const restarts = (): number => model.service(UNIT, SERVICE)?.restarts ?? -1;
    const before = restarts();
    // java_package is used at install only: nothing rendered changes.
    model.config(AGENT, { java_package: 'openjdk-21-jre-headless' });
    await model.settle();
    expect(restarts()).toBe(before);
    // A second unit of the sink app changes flume.conf: one restart.
    await model.addUnit('flume-hdfs');
    await model.settle();
    expect(restarts()).toBe(before + 1);
    // Heap size changes flume-env.sh only: one restart.
    model.config(AGENT, { heap_size: '512m' });
    await model.settle();
    expect(restarts()).toBe(before + 2);
    expect(model.unitFile(UNIT, '/etc/flume/flume-syslog/flume-env.sh')).toContain('-Xmx512m');
    model.updateStatus(AGENT);
    await model.settle();
    expect(restarts()).toBe(before + 2);
  });

  test('a no-op update-status makes at most 3 hook-tool calls', async () => {
    model = await activeAgent();
    model.updateStatus(AGENT);
    await model.settle();
    const run = [...model.hookRuns].reverse().find((r) => r.unit === UNIT && r.hook === 'update-status');
    expect(run?.ok).toBe(true);
    const calls = model.toolCalls.filter((c) => c.contextId === run?.contextId).map((c) => c.tool);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
  });

  test('Flume dying shows as blocked with the reason at the next update-status', async () => {
    model = await activeAgent();
    // What Flume itself writes to its log (log4j2.xml) when the source cannot bind.
    const log = model.unitPath(UNIT, '/var/log/flume/flume-syslog/flume.log');
    mkdirSync(dirname(log), { recursive: true });
    writeFileSync(log, '2025-01-01 00:00:00,000 ERROR [lifecycleSupervisor-1-0] (org.apache.flume.source.SyslogUDPSource.start:171) Failed to start: java.net.BindException: Address already in use\n');
    model.failService(UNIT, SERVICE, 'flume-ng exited with status 1');
    model.updateStatus(AGENT);
    await model.settle();
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toMatch(/^Flume is not running: .*BindException: Address already in use/);
  });

  test('Flume failing to start shows as blocked with the reason, and the next hook tries again', async () => {
    ({ model } = await deployAgent());
    model.failService(UNIT, SERVICE, 'Error: could not find or load main class org.apache.flume.node.Application');
    await deployRemote(model, 'flume-hdfs', SINK_BAG);
    relateSink(model, 'flume-hdfs');
    const result = await model.settle();
    expect(result.errors).toEqual([]);
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toMatch(/^Flume is not running: .*could not find or load main class/);

    model.clearServiceFault(UNIT, SERVICE);
    model.updateStatus(AGENT);
    await model.settle();
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
    expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
    expect(ports(model)).toEqual(['514/udp']);
  });
});
