// The unit-file reading that real-machine services rely on: systemd's quoting, environment and time spans.
import { lastValue, listValue, parseEnvironment, parseEnvironmentFile, parseExecStart, parseSeconds, parseServiceSection, splitQuoted } from '../src/machine/unit-file';

describe('systemd unit files', () => {
  test('only [Service] keys are read; a repeated key keeps every value, an empty one resets a list', () => {
    const d = parseServiceSection(
      ['[Unit]', 'Description=x', '[Service]', '# comment', 'User=flume', 'User=other', 'ReadWritePaths=/a /b', 'ReadWritePaths=', 'ReadWritePaths=/c', 'ExecStart=/bin/echo \\', '  continued', '[Install]', 'User=ignored'].join('\n'),
    );
    expect(lastValue(d, 'User')).toBe('other');
    expect(lastValue(d, 'Description')).toBeUndefined();
    expect(listValue(d, 'ReadWritePaths')).toEqual(['/c']);
    expect(parseExecStart(lastValue(d, 'ExecStart') ?? '').argv).toEqual(['/bin/echo', 'continued']);
  });

  test('ExecStart: quotes and escapes as systemd splits them, prefixes taken off, %% is %', () => {
    expect(parseExecStart(`-/bin/sh -c 'echo "a b"; exit 3' "x\\ty" 100%%`)).toEqual({ argv: ['/bin/sh', '-c', 'echo "a b"; exit 3', 'x\ty', '100%'], ignoreFailure: true });
    expect(parseExecStart('@+/usr/bin/java -Dx=1').argv).toEqual(['/usr/bin/java', '-Dx=1']);
    expect(splitQuoted('  a\\ b  "c d"e  ')).toEqual(['a b', 'c de']);
  });

  test('Environment= assignments and EnvironmentFile lines, later ones winning', () => {
    expect([...parseEnvironment(['"GREETING=hello there" A=1', 'A=2'])]).toEqual([
      ['GREETING', 'hello there'],
      ['A', '2'],
    ]);
    expect([...parseEnvironmentFile('# c\n; c\nJAVA_OPTS="-Xmx1g -Xms1g"\nPLAIN = x y\nbad line\n')]).toEqual([
      ['JAVA_OPTS', '-Xmx1g -Xms1g'],
      ['PLAIN', 'x y'],
    ]);
  });

  test('time spans in seconds', () => {
    expect(parseSeconds('5', 0)).toBe(5);
    expect(parseSeconds('500ms', 0)).toBe(0.5);
    expect(parseSeconds('1min 30s', 0)).toBe(90);
    expect(parseSeconds('infinity', 0)).toBe(Number.POSITIVE_INFINITY);
    expect(parseSeconds(undefined, 90)).toBe(90);
    expect(parseSeconds('5 fortnights', 7)).toBe(7);
  });
});
