import {
  checkSinkData,
  isUsableHost,
  isValidHost,
  parseSinkData,
  publishedSinkData,
  MAX_VALUE_LENGTH,
  type SinkDataCheck,
} from '../src/schema';
import { InvalidConfigurationError, InvalidSinkDataError } from '../src/errors';

const base = { port: '4141', protocol: 'avro', 'private-address': '10.0.0.7' };

function reasonOf(check: SinkDataCheck): string {
  if (check.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(check)}`);
  return check.reason;
}

describe('checkSinkData: the databag the Python provides side wrote', () => {
  it('accepts {port, protocol, private-address} and defaults compression to none', () => {
    expect(checkSinkData(base)).toEqual({
      kind: 'valid',
      sink: { host: '10.0.0.7', port: 4141, protocol: 'avro', compression: 'none' },
    });
  });

  it('ignores keys it does not know (egress-subnets, future keys)', () => {
    expect(checkSinkData({ ...base, 'egress-subnets': '10.0.0.7/32', extra: 'a b = c' })).toMatchObject({ kind: 'valid' });
  });
});

describe('checkSinkData: host', () => {
  it('prefers ingress-address over private-address', () => {
    const check = checkSinkData({ ...base, 'ingress-address': '192.168.1.5' });
    expect(check).toMatchObject({ kind: 'valid', sink: { host: '192.168.1.5' } });
  });

  it('falls back to private-address when ingress-address is absent or empty', () => {
    expect(checkSinkData({ ...base, 'ingress-address': '' })).toMatchObject({ sink: { host: '10.0.0.7' } });
  });

  it('uses ingress-address alone', () => {
    const { 'private-address': _unused, ...noPrivate } = base;
    expect(checkSinkData({ ...noPrivate, 'ingress-address': 'sink-0.maas' })).toMatchObject({ sink: { host: 'sink-0.maas' } });
  });

  it('reports a missing address', () => {
    expect(reasonOf(checkSinkData({ port: '4141', protocol: 'avro' }))).toBe('private-address: is missing, and so is ingress-address');
  });

  it('does not fall back when ingress-address is present but invalid', () => {
    expect(reasonOf(checkSinkData({ ...base, 'ingress-address': '300.1.1.1' }))).toMatch(/^ingress-address: "300\.1\.1\.1" is not an IPv4/);
  });

  it.each(['10.0.0.1', '0.0.0.0', '255.255.255.255',
    'localhost', 'sink-0', 'juju-abc123-0.lxd', 'a.b-c.example.com', 'example.com.', 'x'.repeat(63) + '.com'])(
    'accepts host %s',
    (host) => {
      expect(isValidHost(host)).toBe(true);
      expect(isUsableHost(host)).toBe(true);
      expect(checkSinkData({ ...base, 'private-address': host })).toMatchObject({ kind: 'valid', sink: { host } });
    },
  );

  // Issue 13, defect 3: Flume's RPC clients split "host:port" on ":", so an IPv6 literal never connects.
  it.each(['::1', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:192.0.2.1'])('an IPv6-only sink (%s) is left out, saying why', (host) => {
    expect(isValidHost(host)).toBe(true);
    expect(isUsableHost(host)).toBe(false);
    expect(reasonOf(checkSinkData({ ...base, 'private-address': host }))).toBe(
      `private-address: ${JSON.stringify(host)} is IPv6, which Flume's RPC client cannot connect to, and no IPv4 address or hostname is published`,
    );
    expect(reasonOf(checkSinkData({ ...base, 'ingress-address': host, 'private-address': 'fd00::9' }))).toMatch(/^ingress-address: .* is IPv6/);
  });

  it('prefers an IPv4 address (or hostname) over an IPv6 ingress-address', () => {
    expect(checkSinkData({ ...base, 'ingress-address': 'fd00::7', 'private-address': '10.0.0.7' })).toMatchObject({
      kind: 'valid',
      sink: { host: '10.0.0.7' },
    });
    expect(checkSinkData({ ...base, 'ingress-address': 'fd00::7', 'private-address': 'sink-0.maas' })).toMatchObject({
      sink: { host: 'sink-0.maas' },
    });
  });

  it.each(['10.0.0.256', '10.0.0', '1.2.3.4.5', '01.2.3.4', 'fe80::1%eth0', ':::1', '-sink', 'sink-', 'sink_0', 'a..b',
    'x'.repeat(64) + '.com', 'http://x', 'host:4141', '[::1]', 'é.example'])('rejects host %s', (host) => {
    expect(isValidHost(host)).toBe(false);
    expect(checkSinkData({ ...base, 'private-address': host }).kind).toBe('invalid');
  });
});

describe('checkSinkData: port', () => {
  it.each([['1', 1], ['4141', 4141], ['65535', 65535]])('accepts %s', (port, expected) => {
    expect(checkSinkData({ ...base, port })).toMatchObject({ sink: { port: expected } });
  });

  it.each(['0', '65536', '99999', '100000'])('rejects %s as out of range', (port) => {
    expect(reasonOf(checkSinkData({ ...base, port }))).toMatch(/^port: /);
  });

  it.each(['-1', '+41', '4141.0', '1e3', '0x10', 'abc', '04141', ' 4141'.trim() + 'a'])('rejects non-decimal %s', (port) => {
    expect(reasonOf(checkSinkData({ ...base, port }))).toMatch(/^port: .* is not a decimal integer from 1 to 65535$/);
  });

  it('names the out-of-range value', () => {
    expect(reasonOf(checkSinkData({ ...base, port: '70000' }))).toBe('port: "70000" is out of range 1-65535');
  });

  it('reports a missing port when only the protocol was published', () => {
    expect(reasonOf(checkSinkData({ protocol: 'avro', 'private-address': '10.0.0.7' }))).toBe('port: is missing');
  });
});

describe('checkSinkData: max-batch-size (issue 13, defect 2)', () => {
  it('is optional: a sink that does not publish it (the Python original) has none', () => {
    expect(checkSinkData(base)).toEqual({ kind: 'valid', sink: { host: '10.0.0.7', port: 4141, protocol: 'avro', compression: 'none' } });
  });

  it.each([['1', 1], ['500', 500], ['2147483647', 2147483647]])('accepts %s', (value, expected) => {
    expect(checkSinkData({ ...base, 'max-batch-size': value })).toMatchObject({ sink: { maxBatchSize: expected } });
  });

  it.each(['0', '-1', '2147483648', '1e3', '05', 'many'])('rejects %s', (value) => {
    expect(reasonOf(checkSinkData({ ...base, 'max-batch-size': value }))).toBe(
      `max-batch-size: ${JSON.stringify(value)} is not a decimal integer from 1 to 2147483647`,
    );
  });

  it('is published as a raw string when the sink gives it, and left out otherwise', () => {
    expect(publishedSinkData(4141, 'avro', 'none', 500)).toEqual({ port: '4141', protocol: 'avro', 'compression-type': 'none', 'max-batch-size': '500' });
    expect(publishedSinkData(4141, 'avro', 'none')).toEqual({ port: '4141', protocol: 'avro', 'compression-type': 'none' });
    expect(() => publishedSinkData(4141, 'avro', 'none', 0)).toThrow(InvalidConfigurationError);
  });
});

describe('checkSinkData: protocol and compression-type', () => {
  it.each(['avro', 'thrift'])('accepts protocol %s', (protocol) => {
    expect(checkSinkData({ ...base, protocol })).toMatchObject({ sink: { protocol } });
  });

  it.each(['AVRO', 'http', 'avro ', ''])('rejects protocol %j (empty means missing)', (protocol) => {
    expect(reasonOf(checkSinkData({ ...base, protocol }))).toMatch(/^protocol: /);
  });

  it.each(['none', 'deflate'])('accepts compression-type %s', (compression) => {
    expect(checkSinkData({ ...base, 'compression-type': compression })).toMatchObject({ sink: { compression } });
  });

  it('rejects an unknown compression-type', () => {
    expect(reasonOf(checkSinkData({ ...base, 'compression-type': 'gzip' }))).toBe(
      'compression-type: "gzip" is not one of none, deflate',
    );
  });
});

describe('checkSinkData: unsafe values', () => {
  it.each([
    ['newline', '10.0.0.7\nagent.sinks = evil', 'contains a newline'],
    ['carriage return', 'avro\r', 'contains a newline'],
    ['=', 'a=b', 'contains "="'],
    ['space', 'a b', 'contains whitespace'],
    ['tab', 'a\tb', 'contains whitespace'],
    ['#', 'avro#x', 'contains "#"'],
    ['backslash', 'av\\ro', 'contains "\\"'],
    ['${', '${env:HOME}', 'contains "${"'],
  ])('rejects a value with a %s in any key', (_name, value, problem) => {
    for (const key of ['port', 'protocol', 'compression-type', 'ingress-address', 'private-address']) {
      const reason = reasonOf(checkSinkData({ ...base, [key]: value }));
      expect(reason).toContain(`${key}: `);
      expect(reason).toContain(problem);
    }
  });

  it('rejects a value that is too large, without echoing it', () => {
    const huge = 'a'.repeat(MAX_VALUE_LENGTH + 1);
    const reason = reasonOf(checkSinkData({ ...base, 'private-address': huge }));
    expect(reason).toBe(`private-address: is too large (${MAX_VALUE_LENGTH + 1} > ${MAX_VALUE_LENGTH} characters)`);
  });

  it('quotes and truncates values in reasons, so a reason is one safe line', () => {
    const reason = reasonOf(checkSinkData({ ...base, protocol: `x\n${'y'.repeat(100)}` }));
    expect(reason).not.toContain('\n');
    expect(reason.length).toBeLessThan(100);
  });

  it('escapes line and paragraph separators and C1 controls, which JSON leaves raw', () => {
    const reason = reasonOf(checkSinkData({ ...base, 'private-address': '\u2028a\u2029b\u0085c' }));
    expect(reason).toBe('private-address: "\\u2028a\\u2029b\\u0085c" contains whitespace');
  });

  it('reports every bad key, not only the first', () => {
    const reason = reasonOf(checkSinkData({ port: '0', protocol: 'http', 'private-address': 'a b' }));
    expect(reason.split('; ').map((part) => part.split(':')[0])).toEqual(['port', 'protocol', 'private-address']);
  });

  it('rejects non-string values (a bag is strings only)', () => {
    expect(reasonOf(checkSinkData({ ...base, port: 4141 }))).toMatch(/^port: /);
  });
});

describe('checkSinkData: pending', () => {
  it('is pending, not invalid, before the sink published anything', () => {
    expect(checkSinkData({ 'private-address': '10.0.0.7', 'ingress-address': '10.0.0.7' })).toEqual({ kind: 'pending' });
    expect(checkSinkData({})).toEqual({ kind: 'pending' });
    expect(checkSinkData({ port: '', protocol: '' })).toEqual({ kind: 'pending' });
  });
});

describe('parseSinkData', () => {
  it('returns the sink for valid data', () => {
    expect(parseSinkData('flume-hdfs/0', base)).toEqual({ host: '10.0.0.7', port: 4141, protocol: 'avro', compression: 'none' });
  });

  it('throws InvalidSinkDataError with the unit and the reason', () => {
    const error = (() => {
      try {
        parseSinkData('flume-hdfs/3', { ...base, port: 'x' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidSinkDataError);
    expect(error).toMatchObject({ unit: 'flume-hdfs/3', reason: 'port: "x" is not a decimal integer from 1 to 65535' });
  });

  it('throws for pending data too', () => {
    expect(() => parseSinkData('flume-hdfs/0', {})).toThrow(InvalidSinkDataError);
  });
});

describe('publishedSinkData (the sink side input)', () => {
  it('builds raw strings from a numeric config port', () => {
    expect(publishedSinkData(4141, 'avro', 'none')).toEqual({ port: '4141', protocol: 'avro', 'compression-type': 'none' });
    expect(publishedSinkData('5000', 'thrift', 'deflate')).toEqual({ port: '5000', protocol: 'thrift', 'compression-type': 'deflate' });
  });

  it.each([
    [0, 'avro', 'none', 'port'],
    [65536, 'avro', 'none', 'port'],
    [4141.5, 'avro', 'none', 'port'],
    [Number.NaN, 'avro', 'none', 'port'],
    ['41 41', 'avro', 'none', 'port'],
    [null, 'avro', 'none', 'port'],
    [4141, 'http', 'none', 'protocol'],
    [4141, undefined, 'none', 'protocol'],
    [4141, 'avro', 'gzip', 'compression-type'],
    [4141, 'avro=x', 'none', 'protocol'],
  ])('rejects port=%p protocol=%p compression=%p with a typed error naming %s', (port, protocol, compression, key) => {
    let caught: unknown;
    try {
      publishedSinkData(port, protocol, compression);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfigurationError);
    expect((caught as InvalidConfigurationError).key).toBe(key);
  });

  it('produces exactly what checkSinkData accepts (one contract for both sides)', () => {
    const published = publishedSinkData(7000, 'thrift', 'deflate');
    expect(checkSinkData({ ...published, 'private-address': 'sink.example' })).toEqual({
      kind: 'valid',
      sink: { host: 'sink.example', port: 7000, protocol: 'thrift', compression: 'deflate' },
    });
  });
});
