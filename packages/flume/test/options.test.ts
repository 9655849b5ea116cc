// The option validators both charms share: Flume's own constraints, every refusal naming its option.
import { intOption, oneOfOption, OptionError, showValue, stringOption, validateOptions, workloadOptions } from '../src';

// A valid set, not the charms' defaults: a small memory channel.
const VALID = {
  channel_type: 'memory',
  channel_capacity: 5000,
  channel_transaction_capacity: 500,
  batch_size: 100,
  heap_size: '1g',
  java_package: 'openjdk-21-jre-headless',
  metrics_port: 41414,
};

function refusal(overrides: Record<string, unknown>): string {
  const result = validateOptions(() => workloadOptions({ ...VALID, ...overrides }));
  if (result.ok) throw new Error(`expected ${JSON.stringify(overrides)} to be refused`);
  return result.error.message;
}

describe('workloadOptions', () => {
  test('valid values, typed', () => {
    expect(workloadOptions(VALID)).toEqual({
      channelType: 'memory',
      channelCapacity: 5000,
      channelTransactionCapacity: 500,
      batchSize: 100,
      heapSize: '1g',
      javaPackage: 'openjdk-21-jre-headless',
      metricsPort: 41414,
    });
  });

  test.each([
    [{ channel_type: 'jdbc' }, 'channel_type: "jdbc" is not one of file, memory'],
    [{ channel_capacity: 0 }, 'channel_capacity: 0 is out of range 1-2147483647'],
    [{ channel_capacity: 2147483648 }, 'channel_capacity: 2147483648 is out of range 1-2147483647'],
    [{ channel_transaction_capacity: 5001 }, 'channel_transaction_capacity: 5001 is greater than channel_capacity 5000'],
    [{ batch_size: 501 }, 'batch_size: 501 is greater than channel_transaction_capacity 500'],
    [{ batch_size: 1.5 }, 'batch_size: 1.5 is not an integer'],
    [{ heap_size: '1 g' }, 'heap_size: "1 g" is not a size such as 256m or 1g'],
    [{ heap_size: '-XX:+Evil' }, 'heap_size: "-XX:+Evil" is not a size such as 256m or 1g'],
    [{ java_package: '-o=evil' }, 'java_package: "-o=evil" is not an apt package name'],
    [{ metrics_port: 65536 }, 'metrics_port: 65536 is out of range 1-65535'],
    [{ metrics_port: null }, 'metrics_port: is not set'],
  ])('%j is refused naming the option', (overrides, message) => {
    expect(refusal(overrides)).toBe(message);
  });

  test('the first invalid option in list order wins', () => {
    expect(refusal({ channel_type: 'x', heap_size: 'x', metrics_port: 0 })).toMatch(/^channel_type: /);
    expect(refusal({ heap_size: 'x', metrics_port: 0 })).toMatch(/^heap_size: /);
  });
});

describe('option readers', () => {
  test('numbers may come as their decimal text; choices are trimmed, free text is not', () => {
    expect(intOption({ n: ' 42 ' }, 'n', 1, 100)).toBe(42);
    expect(stringOption({ s: ' a b\n' }, 's')).toBe(' a b\n');
    expect(workloadOptions({ ...VALID, heap_size: ' 1g\n' }).heapSize).toBe('1g');
    expect(stringOption({ s: 7 }, 's')).toBe('7');
    expect(oneOfOption({ t: 'memory ' }, 't', ['file', 'memory'] as const)).toBe('memory');
  });

  test('refusals are OptionErrors naming the option, on one line', () => {
    expect(() => intOption({ n: '0x10' }, 'n', 1, 100)).toThrow(new OptionError('n', '"0x10" is not an integer'));
    expect(() => intOption({ n: Number.MAX_SAFE_INTEGER + 2 }, 'n', 0, Number.MAX_SAFE_INTEGER)).toThrow(/is not an integer/);
    expect(() => stringOption({ s: {} }, 's')).toThrow(new OptionError('s', '{} is not a string'));
    expect(showValue('a\nb')).toBe('"a\\nb"');
    expect(showValue('x'.repeat(100))).toBe(`"${'x'.repeat(39)}…"`);
  });

  test('validateOptions passes on any error that is not an OptionError', () => {
    expect(() => validateOptions(() => { throw new TypeError('bug'); })).toThrow(TypeError);
  });
});
