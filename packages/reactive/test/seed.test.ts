// The three handler shapes of the seed's flume-agent interface README, translated to TypeScript,
// with small fake endpoints standing in for the interface.
import { Endpoint, registerEndpoint, resetRegistry, setFlag, setStatus, toggleFlag, when, whenNot } from '../src';
import { FakeJuju, relationEnv, tempCharmDir } from './support/fake-juju';
import { invoked, runWith, storedState } from './support/run';

/** Provides side: connected when an agent joined, available once the agent acknowledged the port. */
class FakeFlumeAgentProvides extends Endpoint {
  protected override async manageFlags(): Promise<void> {
    toggleFlag(this.expandName('{endpoint_name}.connected'), this.joined);
    const acked = (await Promise.all(this.allJoinedUnits.map((u) => u.receivedRaw()))).some((bag) => bag.ready === 'true');
    toggleFlag(this.expandName('{endpoint_name}.available'), this.joined && acked);
  }
  sendConfiguration(port: number, protocol = 'avro'): void {
    for (const relation of this.relations) Object.assign(relation.toPublishRaw, { port: String(port), protocol });
  }
}

/** Requires side: available when the sink published its port. */
class FakeFlumeAgentRequires extends Endpoint {
  private sink: Record<string, string> = {};
  protected override async manageFlags(): Promise<void> {
    toggleFlag(this.expandName('{endpoint_name}.connected'), this.joined);
    const first = this.allJoinedUnits[0];
    this.sink = first ? await first.receivedRaw() : {};
    toggleFlag(this.expandName('{endpoint_name}.available'), this.joined && this.sink.port !== undefined);
  }
  getFlumePort(): string {
    return this.sink.port ?? '';
  }
  getFlumeProtocol(): string {
    return this.sink.protocol ?? 'avro';
  }
}

let juju: FakeJuju;
let dir: string;
beforeEach(() => {
  resetRegistry();
  juju = new FakeJuju();
  dir = tempCharmDir();
});

function seedFlags(flags: string[]): Promise<unknown> {
  whenNot('seeded').do(function seed() {
    setFlag('seeded');
    flags.forEach(setFlag);
  });
  return runWith(juju, dir, 'install');
}

test('provides: waiting handler sends the configuration, then the sink starts once the agent is available', async () => {
  await seedFlags(['hadoop.ready', 'flumehdfs.installed']);
  resetRegistry();
  registerEndpoint('flume-agent', FakeFlumeAgentProvides, { role: 'provides' });
  juju.config = { source_port: 4141 };
  const args: unknown[][] = [];
  // @when('hadoop.ready', 'flume-agent.connected') @when_not('flume-agent.available')
  when('hadoop.ready', 'flume-agent.connected')
    .whenNot('flume-agent.available')
    .do(async function waitingAvailableFlume(flumeAgent: FakeFlumeAgentProvides) {
      args.push([flumeAgent]);
      flumeAgent.sendConfiguration(4141);
      await setStatus('waiting', 'Waiting for a Flume agent to become available');
    });
  // @when('flumehdfs.installed', 'hadoop.ready', 'flume-agent.available') @when_not('flumehdfs.started')
  when('flumehdfs.installed', 'hadoop.ready', 'flume-agent.available')
    .whenNot('flumehdfs.started')
    .do(async function configureFlume(flumeAgent: FakeFlumeAgentProvides) {
      args.push([flumeAgent]);
      await setStatus('maintenance', 'Setting up Flume');
      setFlag('flumehdfs.started');
      await setStatus('active', 'Ready');
    });

  const rel = juju.relate('flume-agent:0', 'flume-syslog', { 'flume-syslog/0': {} });
  const joined = await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:0', 'flume-syslog/0'));
  expect(invoked(joined)).toEqual(['waitingAvailableFlume']);
  expect(args[0]?.[0]).toBeInstanceOf(FakeFlumeAgentProvides);
  expect(args[0]).toHaveLength(1); // 'hadoop.ready' names no endpoint, so only the flume-agent endpoint is passed
  expect(rel.local).toEqual({ port: '4141', protocol: 'avro' });

  (rel.units['flume-syslog/0'] as Record<string, string>).ready = 'true';
  const changed = await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:0', 'flume-syslog/0'));
  expect(invoked(changed)).toEqual(['configureFlume']);
  expect(juju.statuses.map((s) => `${s.status}: ${s.message}`)).toEqual([
    'waiting: Waiting for a Flume agent to become available',
    'maintenance: Setting up Flume',
    'active: Ready',
  ]);
  expect(storedState(dir).flags).toContain('flumehdfs.started');
});

test('requires: waits while connected, configures once available, then stays settled', async () => {
  await seedFlags(['flumesyslog.installed']);
  resetRegistry();
  registerEndpoint('flume-agent', FakeFlumeAgentRequires, { role: 'requires' });
  let configured = '';
  // @when('flumesyslog.installed', 'flume-agent.connected') @when_not('flume-agent.available')
  when('flumesyslog.installed', 'flume-agent.connected')
    .whenNot('flume-agent.available')
    .do(async function waitingForFlumeAvailable() {
      await setStatus('waiting', 'Waiting for availability of Flume HDFS');
    });
  // @when('flumesyslog.installed', 'flume-agent.available') @when_not('flumesyslog.started')
  when('flumesyslog.installed', 'flume-agent.available')
    .whenNot('flumesyslog.started')
    .do(function configureFlume(flumehdfs: FakeFlumeAgentRequires) {
      configured = `${flumehdfs.getFlumeProtocol()}:${flumehdfs.getFlumePort()}`;
      setFlag('flumesyslog.started');
    });

  const rel = juju.relate('flume-agent:0', 'flume-hdfs', { 'flume-hdfs/0': {} });
  const joined = await runWith(juju, dir, 'flume-agent-relation-joined', relationEnv('flume-agent:0', 'flume-hdfs/0'));
  expect(invoked(joined)).toEqual(['waitingForFlumeAvailable']);

  Object.assign(rel.units['flume-hdfs/0'] as Record<string, string>, { port: '4141', protocol: 'avro' });
  const changed = await runWith(juju, dir, 'flume-agent-relation-changed', relationEnv('flume-agent:0', 'flume-hdfs/0'));
  expect(invoked(changed)).toEqual(['configureFlume']);
  expect(configured).toBe('avro:4141');

  const idle = await runWith(juju, dir, 'update-status');
  expect(invoked(idle)).toEqual([]);
});
