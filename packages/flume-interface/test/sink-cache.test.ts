import { readSinkCache, storedSinkCache, SINK_CACHE_VERSION, type CachedSink } from '../src/sink-cache';
import { compareSinkPosition, relationNumber, unitNumber } from '../src/sink-order';

const valid: CachedSink = {
  relationId: 'flume-agent:3',
  unit: 'flume-hdfs/10',
  check: { kind: 'valid', sink: { host: '10.0.0.1', port: 4141, protocol: 'avro', compression: 'none' } },
};
const validSink = { host: '10.0.0.1', port: 4141, protocol: 'avro' as const, compression: 'none' as const };
const tlsSink = (unit: string, tlsCa: string, tlsCaId: string): CachedSink => ({
  relationId: 'flume-agent:3',
  unit,
  check: { kind: 'valid', sink: { ...validSink, tlsCa } },
  tlsCaId,
});
const invalid: CachedSink = { relationId: 'flume-agent:3', unit: 'flume-hdfs/2', check: { kind: 'invalid', reason: 'port: bad' } };
const pending: CachedSink = { relationId: 'flume-agent:12', unit: 'other/0', check: { kind: 'pending' } };

describe('sink order', () => {
  it('reads the numbers of relation ids and unit names', () => {
    expect(relationNumber('flume-agent:12')).toBe(12);
    expect(unitNumber('flume-hdfs/10')).toBe(10);
    expect(relationNumber('nonsense')).toBe(-1);
    expect(unitNumber('nonsense')).toBe(-1);
  });

  it('orders by relation number, then unit number, then name', () => {
    const sorted = [pending, valid, invalid, { relationId: 'flume-agent:3', unit: 'a-sink/10' }].sort(compareSinkPosition);
    expect(sorted.map((s) => `${s.relationId} ${s.unit}`)).toEqual([
      'flume-agent:3 flume-hdfs/2',
      'flume-agent:3 a-sink/10',
      'flume-agent:3 flume-hdfs/10',
      'flume-agent:12 other/0',
    ]);
  });
});

describe('sink cache', () => {
  it('round-trips through JSON, sorted', () => {
    const stored = JSON.parse(JSON.stringify(storedSinkCache([pending, valid, invalid]))) as unknown;
    const cache = readSinkCache(stored);
    expect(cache && [...cache.values()]).toEqual([invalid, valid, pending]);
    expect(cache?.get('flume-agent:3 flume-hdfs/10')).toEqual(valid);
  });

  it.each([
    ['nothing', undefined],
    ['another version', { version: SINK_CACHE_VERSION + 1, sinks: [] }],
    ['no list', { version: SINK_CACHE_VERSION, sinks: {} }],
    ['a damaged entry', { version: SINK_CACHE_VERSION, sinks: [{ relationId: 'flume-agent:1', unit: 'x/0', check: { kind: 'valid' } }] }],
    ['an unknown kind', { version: SINK_CACHE_VERSION, sinks: [{ relationId: 'flume-agent:1', unit: 'x/0', check: { kind: 'maybe' } }] }],
    ['a string port', { version: SINK_CACHE_VERSION, sinks: [{ ...valid, check: { kind: 'valid', sink: { host: 'h', port: '4141', protocol: 'avro', compression: 'none' } } }], tlsCas: {} }],
    ['no bundle table', { version: SINK_CACHE_VERSION, sinks: [] }],
    ['a tls-ca id without its bundle', { version: SINK_CACHE_VERSION, sinks: [{ ...valid, check: { kind: 'valid', sink: { ...validSink, tlsCaId: 'ab' } } }], tlsCas: {} }],
    ['a tls-ca id inherited from Object', { version: SINK_CACHE_VERSION, sinks: [{ ...valid, check: { kind: 'valid', sink: { ...validSink, tlsCaId: 'toString' } } }], tlsCas: {} }],
  ])('is unusable (so rebuilt) with %s', (_what, stored) => {
    expect(readSinkCache(stored)).toBeUndefined();
  });
});

describe('sink cache: tls-ca bundles', () => {
  it('stores each bundle once, by id, and restores it on every sink that has it', () => {
    const sinks = [tlsSink('h/0', 'CA ONE', 'id1'), tlsSink('h/1', 'CA ONE', 'id1'), tlsSink('h/2', 'CA TWO', 'id2'), valid];
    const stored = JSON.parse(JSON.stringify(storedSinkCache(sinks))) as { tlsCas: unknown; sinks: unknown[] };
    expect(stored.tlsCas).toEqual({ id1: 'CA ONE', id2: 'CA TWO' });
    expect(JSON.stringify(stored.sinks)).not.toContain('CA ONE');
    expect([...(readSinkCache(stored)?.values() ?? [])]).toEqual([...sinks].sort(compareSinkPosition));
  });

  it('never drops a bundle whose id was not computed (it computes the sha256)', () => {
    const { tlsCaId, ...withoutId } = tlsSink('h/0', 'CA ONE', 'unused');
    void tlsCaId;
    const restored = readSinkCache(JSON.parse(JSON.stringify(storedSinkCache([withoutId]))));
    expect(restored?.get('flume-agent:3 h/0')).toEqual({
      ...withoutId,
      tlsCaId: require('node:crypto').createHash('sha256').update('CA ONE').digest('hex'),
    });
  });
});
