// The sink side, run hook by hook through reactive's runHook() against a fake of Juju's hook tools.
import '../test/charms/flume-sink-test/src/handlers';
import { InvalidConfigurationError } from '../src';
import { FakeUnit } from '../../reactive/test/support/fake-unit';
import { createTestCas } from './support/test-cas';

const REL = 'flume-agent:0';
const PUBLISHED = { port: '4141', protocol: 'avro', 'compression-type': 'none' };

let sink: FakeUnit;
beforeEach(async () => {
  sink = new FakeUnit('flume-hdfs/0');
  sink.config = { source_port: 4141, protocol: 'avro' };
  await sink.runOk('install');
});
afterEach(() => sink.cleanup());

/** The relation-set calls of the last hook, as [relation id, parsed data]. */
function relationSets(): Array<[string | undefined, unknown]> {
  return sink.callsOf('relation-set').map((call) => [call.args[call.args.indexOf('-r') + 1], JSON.parse(call.input ?? '{}')]);
}

describe('join and changed', () => {
  it('sets nothing and publishes nothing before an agent joins', async () => {
    expect(sink.flags()).not.toContain('flume-agent.connected');
    expect(sink.flags()).not.toContain('flume-agent.available');
    expect(sink.callsOf('relation-set')).toEqual([]);
  });

  it('publishes the configuration when the first agent unit joins, and the seed handlers start Flume', async () => {
    await sink.join(REL, 'flume-syslog/0');
    expect(sink.flags()).toEqual(expect.arrayContaining(['flume-agent.connected', 'flume-agent.available', 'flumehdfs.started']));
    expect(sink.local(REL)).toEqual(PUBLISHED);
    expect(sink.state().kv['test.flume.restarts']).toBe(1);
    expect(sink.statuses.map((s) => s.status)).toEqual(['waiting', 'maintenance', 'active']);
    expect(sink.lastStatus).toEqual({ status: 'active', message: 'Ready' });
  });

  it('does not publish again when nothing changed', async () => {
    await sink.join(REL, 'flume-syslog/0');
    await sink.change(REL, 'flume-syslog/0', {});
    expect(sink.callsOf('relation-set')).toEqual([]);
    await sink.runOk('config-changed');
    expect(sink.callsOf('relation-set')).toEqual([]);
  });
});

describe('wire compatibility with the Python requires side', () => {
  it('writes port and protocol as raw strings in the unit databag, as the Python layer did', async () => {
    await sink.join(REL, 'flume-syslog/0');
    const bag = sink.local(REL);
    // What the Python agent reads with get_remote('port') and get_remote('protocol').
    expect(bag.port).toBe('4141');
    expect(bag.protocol).toBe('avro');
    // The only other key is one old agents ignore.
    expect(Object.keys(bag).sort()).toEqual(['compression-type', 'port', 'protocol']);
  });
});

describe('several agent units and relations', () => {
  it('keeps both flags when the first of many agent units departs (the Python GLOBAL-scope bug)', async () => {
    for (const n of [0, 1, 2]) await sink.join(REL, `flume-syslog/${n}`);
    await sink.depart(REL, 'flume-syslog/0');
    expect(sink.flags()).toEqual(expect.arrayContaining(['flume-agent.connected', 'flume-agent.available']));
    await sink.depart(REL, 'flume-syslog/1');
    expect(sink.flags()).toEqual(expect.arrayContaining(['flume-agent.connected', 'flume-agent.available']));
    expect(sink.state().kv['test.flume.restarts']).toBe(1);
  });

  it('clears both flags when the last agent unit departs', async () => {
    for (const n of [0, 1]) await sink.join(REL, `flume-syslog/${n}`);
    await sink.depart(REL, 'flume-syslog/1');
    await sink.depart(REL, 'flume-syslog/0');
    expect(sink.flags()).not.toContain('flume-agent.connected');
    expect(sink.flags()).not.toContain('flume-agent.available');
  });

  it('publishes the configuration to a second relation without the charm calling sendConfiguration again', async () => {
    await sink.join(REL, 'flume-syslog/0');
    await sink.join('flume-agent:7', 'flume-twitter/0');
    expect(relationSets()).toEqual([]); // already published in the joined hook
    expect(sink.local('flume-agent:7')).toEqual(PUBLISHED);
    expect(sink.local(REL)).toEqual(PUBLISHED);
  });

  it('keeps the flags when one of two relations is broken, clears them with the last, and recovers on a new one', async () => {
    await sink.join(REL, 'flume-syslog/0');
    await sink.join('flume-agent:7', 'flume-twitter/0');
    await sink.breakRelation(REL);
    expect(sink.flags()).toEqual(expect.arrayContaining(['flume-agent.connected', 'flume-agent.available']));
    await sink.breakRelation('flume-agent:7');
    expect(sink.flags()).not.toContain('flume-agent.connected');
    expect(sink.flags()).not.toContain('flume-agent.available');
    await sink.join('flume-agent:9', 'flume-syslog/3');
    expect(sink.flags()).toEqual(expect.arrayContaining(['flume-agent.connected', 'flume-agent.available']));
    expect(sink.local('flume-agent:9')).toEqual(PUBLISHED);
  });
});

describe('configuration changes', () => {
  it('publishes a new port and protocol to every relation, only the keys that changed', async () => {
    await sink.join(REL, 'flume-syslog/0');
    await sink.join('flume-agent:7', 'flume-twitter/0');
    sink.config = { source_port: 5151, protocol: 'avro' };
    await sink.runOk('config-changed');
    expect(relationSets()).toEqual([
      [REL, { port: '5151' }],
      ['flume-agent:7', { port: '5151' }],
    ]);
    sink.config = { source_port: 5151, protocol: 'thrift' };
    await sink.runOk('config-changed');
    expect(relationSets()).toEqual([
      [REL, { protocol: 'thrift' }],
      ['flume-agent:7', { protocol: 'thrift' }],
    ]);
    expect(sink.local(REL)).toEqual({ port: '5151', protocol: 'thrift', 'compression-type': 'none' });
  });

  it('a charm turns an invalid value into a blocked status; the last good configuration stays published', async () => {
    await sink.join(REL, 'flume-syslog/0');
    sink.config = { source_port: 70000, protocol: 'avro' };
    await sink.runOk('config-changed');
    expect(sink.lastStatus).toEqual({
      status: 'blocked',
      message: 'invalid flume-agent configuration: port: "70000" is out of range 1-65535',
    });
    expect(sink.callsOf('relation-set')).toEqual([]);
    expect(sink.local(REL)).toEqual(PUBLISHED);
  });

  it('an invalid value in the seed handler fails the hook with the typed error, publishing nothing', async () => {
    sink.config = { source_port: 'forty', protocol: 'avro' };
    sink.relations.set(REL, { app: 'flume-syslog', units: new Map([['flume-syslog/0', {}]]), appData: {}, local: {} });
    const outcome = await sink.run('flume-agent-relation-joined', { relationId: REL, remoteUnit: 'flume-syslog/0' });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.error).toBeInstanceOf(InvalidConfigurationError);
    expect(outcome.error).toMatchObject({ key: 'port' });
    expect(sink.local(REL)).toEqual({});
    expect(sink.flags()).not.toContain('flume-agent.connected'); // the failed hook wrote no state
    sink.config = { source_port: 4141, protocol: 'avro' };
    await sink.runOk('flume-agent-relation-joined', { relationId: REL, remoteUnit: 'flume-syslog/0' });
    expect(sink.local(REL)).toEqual(PUBLISHED);
  });
});

describe('setTlsCa (version 4)', () => {
  const cas = createTestCas();
  afterAll(() => cas.cleanup());
  const ca = cas.ca('sink CA');
  const renewed = cas.ca('renewed CA');

  it('publishes the normalised bundle to every relation, and to relations that join later', async () => {
    await sink.join(REL, 'flume-syslog/0');
    sink.config = { source_port: 4141, protocol: 'avro', tls_ca: ca.replace(/\n/g, '\r\n') };
    await sink.runOk('config-changed');
    expect(relationSets()).toEqual([[REL, { 'tls-ca': ca }]]);
    await sink.join('flume-agent:7', 'flume-twitter/0');
    expect(sink.local('flume-agent:7')).toEqual({ ...PUBLISHED, 'tls-ca': ca });
    await sink.runOk('update-status');
    expect(sink.callsOf('relation-set')).toEqual([]);
  });

  it('publishes a new bundle, and "" (deleting the key) when TLS is off', async () => {
    sink.config = { source_port: 4141, protocol: 'avro', tls_ca: ca };
    await sink.join(REL, 'flume-syslog/0');
    expect(sink.local(REL)).toEqual({ ...PUBLISHED, 'tls-ca': ca });
    sink.config = { source_port: 4141, protocol: 'avro', tls_ca: renewed };
    await sink.runOk('config-changed');
    expect(relationSets()).toEqual([[REL, { 'tls-ca': renewed }]]);
    sink.config = { source_port: 4141, protocol: 'avro', tls_ca: '' };
    await sink.runOk('config-changed');
    expect(relationSets()).toEqual([[REL, { 'tls-ca': '' }]]);
    expect(sink.local(REL)).toEqual(PUBLISHED);
  });

  it('refuses an invalid bundle with InvalidConfigurationError for tls-ca; the last good one stays published', async () => {
    sink.config = { source_port: 4141, protocol: 'avro', tls_ca: ca };
    await sink.join(REL, 'flume-syslog/0');
    sink.config = { source_port: 4141, protocol: 'avro', tls_ca: `${ca}${cas.privateKey()}` };
    await sink.runOk('config-changed');
    expect(sink.lastStatus).toEqual({
      status: 'blocked',
      message: 'invalid flume-agent configuration: tls-ca: holds a PRIVATE KEY block where a certificate is expected',
    });
    expect(sink.callsOf('relation-set')).toEqual([]);
    expect(sink.local(REL)['tls-ca']).toBe(ca);
  });

  it('withdraw() takes the address away but leaves tls-ca', async () => {
    sink.config = { source_port: 4141, protocol: 'avro', tls_ca: ca };
    await sink.join(REL, 'flume-syslog/0');
    const { endpointFromName, hook } = await import('@flume-charms/reactive');
    hook('stop').do(function withdrawForTest() {
      (endpointFromName('flume-agent') as import('../src').FlumeAgentProvides).withdraw();
    });
    await sink.runOk('stop');
    expect(sink.local(REL)).toEqual({ 'compression-type': 'none', 'tls-ca': ca });
  });
});
