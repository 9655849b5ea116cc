import { escapePropertyValue, parseProperties, renderTemplate, UnsafeValueError } from '../src';

/** Renders `value` into one property line and reads the file back as Java's Properties.load would. */
async function roundTrip(value: string): Promise<Array<{ key: string; value: string }>> {
  const text = await renderTemplate('properties', 'a1.sinks.k1.hostname = {{v}}\na1.sinks.k1.port = 4141\n', { v: value });
  return parseProperties(text).entries.map(({ key, value: v }) => ({ key, value: v }));
}

describe('escapePropertyValue: values read back as exactly themselves, on exactly one line', () => {
  const injections: Array<[string, string]> = [
    ['equals sign', 'host=evil'],
    ['colon', 'host:4242'],
    ['backslash', 'C:\\path\\to'],
    ['trailing backslash (would continue the line)', 'host\\'],
    ['hash (comment at line start)', '#not-a-comment'],
    ['bang (comment at line start)', '!not-a-comment'],
    ['inner spaces', 'a b  c'],
    ['unicode', 'hôte-ünïcødé-日本'],
    ['astral plane emoji', 'host-🚀'],
    ['percent escapes kept for hdfs paths', '/user/flume/%{event_dir}/%Y-%m-%d'],
    ['backslash-u that is not an escape', '\\u0041 literal'],
    ['IPv6 address', 'fe80::1%eth0'],
  ];
  test.each(injections)('%s', async (_name, value) => {
    const entries = await roundTrip(value);
    expect(entries).toEqual([
      { key: 'a1.sinks.k1.hostname', value },
      { key: 'a1.sinks.k1.port', value: '4141' },
    ]);
  });

  test('output is plain ASCII (Flume reads the file in the JVM default charset)', () => {
    expect(escapePropertyValue('é🚀')).toBe('\\u00e9\\ud83d\\ude80');
    expect(escapePropertyValue('a=b:c d#e!f\\g')).toBe('a\\=b\\:c\\ d\\#e\\!f\\\\g');
  });

  const rejected: Array<[string, unknown, RegExp]> = [
    ['newline (would start a new property)', 'host\na1.sinks.k1.type = logger', /control character U\+000A/],
    ['carriage return', 'host\ra1.sources = evil', /control character U\+000D/],
    ['CRLF', 'x\r\ny', /control character/],
    ['NUL', 'a\u0000b', /control character U\+0000/],
    ['tab', 'a\tb', /control character U\+0009/],
    ['form feed', 'a\fb', /control character/],
    ['C1 control NEL', 'a\u0085b', /control character U\+0085/],
    ['${ substitution', '${env:HOME}', /\$\{/],
    ['empty (Flume drops the property)', '', /empty value/],
    ['only whitespace', '   ', /empty value/],
    ['leading whitespace (Flume trims)', ' host', /whitespace/],
    ['trailing whitespace (Flume trims)', 'host ', /whitespace/],
    ['lone surrogate', 'a\ud800b', /surrogate/],
    ['too long', 'x'.repeat(5000), /longer than/],
    ['NaN', Number.NaN, /not finite/],
    ['Infinity', Number.POSITIVE_INFINITY, /not finite/],
    ['object', { toString: () => 'x' }, /expected a string/],
    ['null', null, /expected a string/],
  ];
  test.each(rejected)('rejects %s', (_name, value, message) => {
    expect(() => escapePropertyValue(value, 'sinks[0].hostname')).toThrow(UnsafeValueError);
    expect(() => escapePropertyValue(value, 'sinks[0].hostname')).toThrow(message);
  });

  test('the error names where the value came from', () => {
    expect(() => escapePropertyValue('a\nb', 'relation flume-agent:1 unit flume-syslog/0 host')).toThrow(
      /^relation flume-agent:1 unit flume-syslog\/0 host: /,
    );
  });

  test('numbers and booleans render as their plain text', () => {
    expect(escapePropertyValue(4141)).toBe('4141');
    expect(escapePropertyValue(true)).toBe('true');
  });

  test('fuzz: 2000 random strings either are rejected or read back unchanged as one property', async () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = ['a', 'Z', '0', ' ', '=', ':', '#', '!', '\\', '\n', '\r', '$', '{', '}', '%', 'é', '\u2028', '\t', 'u', '🚀'];
    let accepted = 0;
    for (let i = 0; i < 2000; i += 1) {
      const length = 1 + Math.floor(random() * 12);
      let value = '';
      for (let j = 0; j < length; j += 1) value += alphabet[Math.floor(random() * alphabet.length)];
      let ok = true;
      try {
        escapePropertyValue(value);
      } catch (error) {
        expect(error).toBeInstanceOf(UnsafeValueError);
        ok = false;
      }
      if (!ok) continue;
      accepted += 1;
      const entries = await roundTrip(value);
      expect(entries.map((e) => e.key)).toEqual(['a1.sinks.k1.hostname', 'a1.sinks.k1.port']);
      expect(entries[0]?.value).toBe(value);
    }
    expect(accepted).toBeGreaterThan(200); // the fuzz exercised the escaping path, not only rejections
  });
});
