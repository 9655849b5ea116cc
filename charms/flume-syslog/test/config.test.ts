// Config parsing: one pass, every error names its option; the fixture matches charmcraft.yaml's defaults.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../src/config';
import { defaultConfig } from './support/config-fixtures';

const parseWith = (overrides: Record<string, unknown>) => parseConfig({ ...defaultConfig(), ...overrides });

function errorOf(overrides: Record<string, unknown>): string {
  const result = parseWith(overrides);
  if (result.ok) throw new Error(`expected ${JSON.stringify(overrides)} to be refused`);
  return `${result.error.option}: ${result.error.reason}`;
}

describe('parseConfig', () => {
  test('the fixture is exactly charmcraft.yaml defaults', () => {
    const charmcraft = parse(readFileSync(path.join(__dirname, '..', 'charmcraft.yaml'), 'utf8')) as {
      config: { options: Record<string, { default: unknown }> };
    };
    const defaults = Object.fromEntries(Object.entries(charmcraft.config.options).map(([k, v]) => [k, v.default]));
    expect(defaultConfig()).toEqual(defaults);
  });

  test('the defaults parse', () => {
    const result = parseConfig(defaultConfig());
    expect(result).toEqual({
      ok: true,
      config: {
        sourceType: 'syslogudp',
        sourcePorts: [514],
        eventDir: 'flume-syslog',
        keepFields: ['true'],
        sinkProcessor: 'load_balance',
        channelType: 'file',
        channelCapacity: 100000,
        channelTransactionCapacity: 1000,
        batchSize: 1000,
        heapSize: '256m',
        javaPackage: 'openjdk-17-jre-headless',
        metricsPort: 34546,
      },
    });
  });

  test('multiport takes a list of distinct ports', () => {
    const result = parseWith({ source_type: 'multiport_syslogtcp', source_port: ' 5140  5141\t5142 ' });
    expect(result.ok && result.config.sourcePorts).toEqual([5140, 5141, 5142]);
  });

  test('keep_fields takes true, false or field names', () => {
    const fields = (value: string) => {
      const result = parseWith({ keep_fields: value });
      return result.ok ? result.config.keepFields : result.error.message;
    };
    expect(fields('FALSE')).toEqual(['false']);
    expect(fields('hostname timestamp hostname')).toEqual(['hostname', 'timestamp']);
    expect(fields('hostname true')).toMatch(/^keep_fields: "true" is not/);
  });

  test.each([
    [{ source_type: 'syslog' }, 'source_type: "syslog" is not one of syslogudp, syslogtcp, multiport_syslogtcp'],
    [{ source_port: '' }, 'source_port: is empty'],
    [{ source_port: '0' }, 'source_port: "0" is not a port from 1 to 65535'],
    [{ source_port: '65536' }, 'source_port: "65536" is not a port from 1 to 65535'],
    [{ source_port: '514\na1.sinks = x' }, 'source_port: lists 4 ports; only multiport_syslogtcp listens on several'],
    [{ source_type: 'multiport_syslogtcp', source_port: '5140 5140' }, 'source_port: lists 5140 twice'],
    [{ source_type: 'multiport_syslogtcp', source_port: '5140 +1' }, 'source_port: "+1" is not a port from 1 to 65535'],
    [{ event_dir: '' }, 'event_dir: is empty'],
    [{ event_dir: '../etc' }, expect.stringMatching(/^event_dir: "\.\.\/etc" must be path segments/)],
    [{ event_dir: 'a/${x}' }, expect.stringMatching(/^event_dir: "a\/\$\{x\}" must be/)],
    [{ event_dir: 'x'.repeat(129) }, 'event_dir: is 129 characters long; at most 128'],
    [{ keep_fields: '' }, 'keep_fields: is empty; use true, false or a list of fields'],
    [{ sink_processor: 'random' }, 'sink_processor: "random" is not one of load_balance, failover, none'],
    [{ channel_type: 'jdbc' }, 'channel_type: "jdbc" is not one of file, memory'],
    [{ channel_capacity: 0 }, 'channel_capacity: 0 is out of range 1-2147483647'],
    [{ channel_transaction_capacity: 200000 }, 'channel_transaction_capacity: 200000 is greater than channel_capacity 100000'],
    [{ batch_size: 2000 }, 'batch_size: 2000 is greater than channel_transaction_capacity 1000'],
    [{ batch_size: 1.5 }, 'batch_size: 1.5 is not an integer'],
    [{ heap_size: '1 g' }, 'heap_size: "1 g" is not a size such as 256m or 1g'],
    [{ java_package: '-o=evil' }, 'java_package: "-o=evil" is not an apt package name'],
    [{ metrics_port: 514 }, 'metrics_port: 514 is also a source_port'],
    [{ metrics_port: null }, 'metrics_port: is not set'],
  ])('%j is refused', (overrides, message) => {
    expect(errorOf(overrides)).toEqual(message);
  });
});
