// The agent side, run hook by hook through reactive's runHook() against a fake of Juju's hook tools.
import { endpointFromName, getFlags, whenNot } from '@flume-charms/reactive';
import '../test/charms/flume-agent-test/src/handlers';
import { FlumeAgentRequires, NoSinkAvailableError, type InvalidSink, type Sink } from '../src';
import { FakeUnit } from '../../reactive/test/support/fake-unit';
import { SINK_CACHE_VERSION } from '../src/sink-cache';
import { createTestCas } from './support/test-cas';

/** What the agent endpoint answered in the last hook, captured by a handler that runs in every hook. */
interface View {
  flags: string[];
  sinks: Sink[];
  invalid: InvalidSink[];
  first: Sink | NoSinkAvailableError;
  /** getFlumeTlsCa(), when there is a first sink. */
  tlsCa?: string | undefined;
}
let view: View | undefined;
whenNot('test.never-set').do(function captureAgentView() {
  const endpoint = endpointFromName('flume-agent') as FlumeAgentRequires;
  let first: Sink | NoSinkAvailableError;
  try {
    first = endpoint.firstSink();
  } catch (error) {
    if (!(error instanceof NoSinkAvailableError)) throw error;
    first = error;
  }
  const tlsCa = first instanceof NoSinkAvailableError ? undefined : endpoint.getFlumeTlsCa();
  view = { flags: getFlags(), sinks: endpoint.sinks(), invalid: endpoint.invalidSinks(), first, tlsCa };
});

function lastView(): View {
  if (!view) throw new Error('no hook ran');
  return view;
}

const PYTHON_SINK_BAG = { port: '4141', protocol: 'avro', 'private-address': '10.0.0.7' };
const REL = 'flume-agent:0';

let agent: FakeUnit;
beforeEach(async () => {
  view = undefined;
  agent = new FakeUnit('flume-syslog/0');
  await agent.runOk('install');
});
afterEach(() => agent.cleanup());

describe('join and changed', () => {
  it('is connected but not available while the sink has published nothing', async () => {
    await agent.join(REL, 'flume-hdfs/0');
    expect(agent.flags()).toContain('flume-agent.connected');
    expect(agent.flags()).not.toContain('flume-agent.available');
    expect(lastView().first).toBeInstanceOf(NoSinkAvailableError);
    expect(lastView().invalid).toEqual([]); // pending is not invalid
    expect(agent.lastStatus).toEqual({ status: 'waiting', message: 'Waiting for availability of Flume HDFS' });
  });

  it('becomes available when the sink publishes, and the seed handlers configure Flume', async () => {
    await agent.join(REL, 'flume-hdfs/0');
    await agent.change(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    expect(agent.flags()).toEqual(expect.arrayContaining(['flume-agent.connected', 'flume-agent.available', 'flumesyslog.started']));
    expect(lastView().sinks).toEqual([
      { relationId: REL, unit: 'flume-hdfs/0', host: '10.1.0.10', port: 4141, protocol: 'avro', compression: 'none' },
    ]);
    expect(agent.state().kv['test.flume.sink']).toBe('avro://10.1.0.10:4141');
    expect(agent.lastStatus).toEqual({ status: 'active', message: 'Sending to avro://10.1.0.10:4141' });
  });
});

describe('wire compatibility with the Python provides side', () => {
  it('reads exactly the bag the Python layer wrote: {port, protocol, private-address}', async () => {
    await agent.join(REL, 'flume-hdfs/0');
    await agent.change(REL, 'flume-hdfs/0', PYTHON_SINK_BAG, true);
    expect(lastView().sinks).toEqual([
      { relationId: REL, unit: 'flume-hdfs/0', host: '10.0.0.7', port: 4141, protocol: 'avro', compression: 'none' },
    ]);
    expect(agent.flags()).toContain('flume-agent.available');
  });

  it('publishes nothing of its own (the Python sink expects nothing from agents)', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    expect(agent.local(REL)).toEqual({});
    expect(agent.callsOf('relation-set')).toEqual([]);
  });
});

describe('several units and relations', () => {
  it('orders sinks by relation id, then unit number (numerically)', async () => {
    await agent.join('flume-agent:12', 'other-sink/0', { port: '5000', protocol: 'thrift' });
    await agent.join('flume-agent:3', 'flume-hdfs/10', { port: '4141', protocol: 'avro' });
    await agent.join('flume-agent:3', 'flume-hdfs/2', { port: '4142', protocol: 'avro', 'compression-type': 'deflate' });
    expect(lastView().sinks.map((sink) => [sink.relationId, sink.unit, sink.port, sink.compression])).toEqual([
      ['flume-agent:3', 'flume-hdfs/2', 4142, 'deflate'],
      ['flume-agent:3', 'flume-hdfs/10', 4141, 'none'],
      ['flume-agent:12', 'other-sink/0', 5000, 'none'],
    ]);
    expect(lastView().first).toMatchObject({ unit: 'flume-hdfs/2' });
  });

  it('keeps both flags when the first of many sink units departs, and moves to the next sink', async () => {
    for (const n of [0, 1, 2]) await agent.join(REL, `flume-hdfs/${n}`, { port: `${4140 + n}`, protocol: 'avro' });
    await agent.depart(REL, 'flume-hdfs/0');
    expect(agent.flags()).toEqual(expect.arrayContaining(['flume-agent.connected', 'flume-agent.available']));
    expect(lastView().sinks.map((sink) => sink.unit)).toEqual(['flume-hdfs/1', 'flume-hdfs/2']);
    expect(agent.state().kv['test.flume.sink']).toBe('avro://10.1.0.11:4141');
  });

  it('clears both flags when the last sink unit departs, and forgets its data', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    await agent.depart(REL, 'flume-hdfs/0');
    expect(agent.flags()).not.toContain('flume-agent.connected');
    expect(agent.flags()).not.toContain('flume-agent.available');
    expect(agent.flags()).not.toContain('flumesyslog.started');
    expect(agent.state().kv['endpoint.flume-agent.sinks']).toEqual({ version: SINK_CACHE_VERSION, sinks: [], tlsCas: {} });
  });

  it('keeps the other relation when one relation is broken, and clears all when the last is', async () => {
    await agent.join('flume-agent:1', 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    await agent.join('flume-agent:2', 'other-sink/0', { port: '5000', protocol: 'thrift' });
    await agent.breakRelation('flume-agent:1');
    expect(agent.flags()).toContain('flume-agent.available');
    expect(lastView().sinks.map((sink) => sink.unit)).toEqual(['other-sink/0']);
    expect(agent.state().kv['test.flume.sink']).toBe('thrift://10.1.0.10:5000');
    await agent.breakRelation('flume-agent:2');
    expect(agent.flags()).not.toContain('flume-agent.connected');
    expect(agent.flags()).not.toContain('flume-agent.available');
    expect(lastView().sinks).toEqual([]);
  });

  it('a relation joined again after it was broken starts from fresh data', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    await agent.breakRelation(REL);
    await agent.join('flume-agent:5', 'flume-hdfs/0', {});
    expect(agent.flags()).not.toContain('flume-agent.available');
  });
});

describe('invalid data', () => {
  it('is never a sink, is reported with unit and reason, and clears available; valid data restores it', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    expect(agent.flags()).toContain('flume-agent.available');

    await agent.change(REL, 'flume-hdfs/0', { port: '70000', protocol: 'avro' });
    expect(agent.flags()).not.toContain('flume-agent.available');
    expect(agent.flags()).toContain('flume-agent.connected');
    expect(lastView().sinks).toEqual([]);
    expect(lastView().invalid).toEqual([{ relationId: REL, unit: 'flume-hdfs/0', reason: 'port: "70000" is out of range 1-65535' }]);
    expect(lastView().first).toMatchObject({ name: 'NoSinkAvailableError', invalidCount: 1 });
    expect(agent.lastStatus).toEqual({ status: 'blocked', message: 'flume-hdfs/0: port: "70000" is out of range 1-65535' });

    await agent.change(REL, 'flume-hdfs/0', { port: '4242', protocol: 'thrift' });
    expect(agent.flags()).toContain('flume-agent.available');
    expect(lastView().invalid).toEqual([]);
    expect(agent.state().kv['test.flume.sink']).toBe('thrift://10.1.0.10:4242');
  });

  it('uses the valid sink when another one is invalid', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro\nagent.sinks = evil' });
    await agent.join(REL, 'flume-hdfs/1', { port: '4141', protocol: 'avro' });
    expect(lastView().sinks.map((sink) => sink.unit)).toEqual(['flume-hdfs/1']);
    expect(lastView().invalid).toEqual([
      { relationId: REL, unit: 'flume-hdfs/0', reason: 'protocol: "avro\\nagent.sinks = evil" contains a newline' },
    ]);
  });
});

describe('port or protocol change seen by the agent', () => {
  it('follows the sink to its new port and protocol', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    await agent.change(REL, 'flume-hdfs/0', { port: '5151', protocol: 'thrift' });
    expect(agent.state().kv['test.flume.sink']).toBe('thrift://10.1.0.10:5151');
    expect(agent.lastStatus).toEqual({ status: 'active', message: 'Sending to thrift://10.1.0.10:5151' });
  });
});

describe('the per-unit cache', () => {
  it('answers other hooks without any relation tool call', async () => {
    for (const n of [0, 1, 2]) await agent.join(REL, `flume-hdfs/${n}`, { port: '4141', protocol: 'avro' });
    await agent.runOk('update-status');
    expect(agent.calls.map((call) => call.tool).filter((tool) => tool.startsWith('relation-'))).toEqual([]);
    expect(lastView().sinks).toHaveLength(3);
  });

  it('stores validated data, not raw bags', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro', unrelated: 'x'.repeat(1000) });
    expect(agent.state().kv['endpoint.flume-agent.sinks']).toEqual({
      version: SINK_CACHE_VERSION,
      sinks: [
        {
          relationId: REL,
          unit: 'flume-hdfs/0',
          check: { kind: 'valid', sink: { host: '10.1.0.10', port: 4141, protocol: 'avro', compression: 'none' } },
        },
      ],
      tlsCas: {},
    });
  });

  it('re-reads every unit once on upgrade-charm', async () => {
    for (const n of [0, 1, 2]) await agent.join(REL, `flume-hdfs/${n}`, { port: '4141', protocol: 'avro' });
    // Data the cache could not have seen (e.g. a rule of the old charm that the new one drops).
    const relation = agent.relations.get(REL);
    relation?.units.set('flume-hdfs/1', { ...relation.units.get('flume-hdfs/1'), port: '9999' });
    await agent.runOk('upgrade-charm');
    const bagReads = agent.callsOf('relation-get').map((call) => call.args[call.args.length - 1]);
    expect(new Set(bagReads)).toEqual(new Set(['flume-hdfs/0', 'flume-hdfs/1', 'flume-hdfs/2']));
    expect(lastView().sinks.map((sink) => sink.port)).toEqual([4141, 9999, 4141]);
    await agent.runOk('update-status');
    expect(agent.callsOf('relation-get')).toEqual([]);
  });

  it('rebuilds a cache written in another format', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const state = agent.state();
    state.kv['endpoint.flume-agent.sinks'] = { version: 0, sinks: 'garbage' };
    writeFileSync(join(agent.charmDir, '.unit-state.json'), JSON.stringify({ version: 1, ...state }));
    await agent.runOk('flume-agent-relation-changed', { relationId: REL, remoteUnit: 'flume-hdfs/0' });
    expect(lastView().sinks.map((sink) => sink.unit)).toEqual(['flume-hdfs/0']);
  });

  it('a failed hook leaves the previous cache (state is written only on success)', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro' });
    const before = agent.state();
    const relation = agent.relations.get(REL);
    relation?.units.set('flume-hdfs/0', { ...relation.units.get('flume-hdfs/0'), port: '5000' });
    const failing = agent.runner;
    Object.defineProperty(agent, 'runner', {
      value: async (call: Parameters<typeof failing>[0]) => {
        if (call.tool === 'status-set') throw new Error('status-set killed');
        return failing(call);
      },
    });
    const outcome = await agent.run('flume-agent-relation-changed', { relationId: REL, remoteUnit: 'flume-hdfs/0' });
    expect(outcome.exitCode).toBe(1);
    expect(agent.state()).toEqual(before);
  });
});

describe('tls-ca (version 4)', () => {
  const cas = createTestCas();
  afterAll(() => cas.cleanup());
  const ca = cas.ca('sink CA');
  const other = cas.ca('another CA');
  const sha256 = (text: string): string => require('node:crypto').createHash('sha256').update(text).digest('hex') as string;

  it('a sink with tls-ca is a TLS sink: tlsCa is the normalised bundle, tlsCaId its sha256', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro', 'tls-ca': ca.replace(/\n/g, '\r\n') });
    expect(lastView().sinks).toEqual([
      { relationId: REL, unit: 'flume-hdfs/0', host: '10.1.0.10', port: 4141, protocol: 'avro', compression: 'none', tlsCa: ca, tlsCaId: sha256(ca) },
    ]);
    expect(lastView().tlsCa).toBe(ca);
  });

  it('a Python-style sink without the key stays plaintext', async () => {
    await agent.join(REL, 'flume-hdfs/0', PYTHON_SINK_BAG);
    expect(lastView().sinks[0]).not.toHaveProperty('tlsCa');
    expect(lastView().tlsCa).toBeUndefined();
  });

  it('follows a CA change and a removal (tls-ca "") back to plaintext', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro', 'tls-ca': ca });
    await agent.change(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro', 'tls-ca': other });
    expect(lastView().sinks[0]).toMatchObject({ tlsCa: other, tlsCaId: sha256(other) });
    await agent.change(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro', 'tls-ca': '' });
    expect(lastView().sinks[0]).not.toHaveProperty('tlsCa');
    expect(lastView().sinks[0]).not.toHaveProperty('tlsCaId');
  });

  it('an invalid tls-ca makes that unit invalid, never a plaintext sink', async () => {
    await agent.join(REL, 'flume-hdfs/0', { port: '4141', protocol: 'avro', 'tls-ca': ca });
    await agent.join(REL, 'flume-hdfs/1', { port: '4141', protocol: 'avro', 'tls-ca': `${ca}agent.sinks = evil\n` });
    expect(lastView().sinks.map((sink) => sink.unit)).toEqual(['flume-hdfs/0']);
    expect(lastView().invalid).toEqual([
      { relationId: REL, unit: 'flume-hdfs/1', reason: 'tls-ca: has text outside the PEM blocks: "agent.sinks = evil"' },
    ]);
  });

  it('stores each distinct bundle once however many units share it, and answers other hooks from the cache', async () => {
    for (let n = 0; n < 20; n++) await agent.join(REL, `flume-hdfs/${n}`, { port: '4141', protocol: 'avro', 'tls-ca': n === 7 ? other : ca });
    const stored = agent.state().kv['endpoint.flume-agent.sinks'] as { tlsCas: Record<string, string>; sinks: unknown[] };
    expect(stored.tlsCas).toEqual({ [sha256(ca)]: ca, [sha256(other)]: other });
    expect(JSON.stringify(stored.sinks)).not.toContain('BEGIN CERTIFICATE');
    await agent.runOk('update-status');
    expect(agent.calls.map((call) => call.tool).filter((tool) => tool.startsWith('relation-'))).toEqual([]);
    expect(lastView().sinks.map((sink) => sink.tlsCa === other)).toEqual(Array.from({ length: 20 }, (_, n) => n === 7));
  });
});
