import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../src/config';
import { CONFIG_DEFAULTS } from '../src/config-defaults';

const parse = (overrides: Record<string, unknown>) => parseConfig({ ...CONFIG_DEFAULTS, ...overrides });

describe('parseConfig', () => {
  it('accepts the defaults, typed', () => {
    const result = parse({});
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({
        sourcePort: 4141,
        protocol: 'avro',
        compressionType: 'none',
        sinkType: 'hdfs',
        hdfsPath: '/user/flume/%{event_dir}/%Y-%m-%d',
        rollSize: 10_000_000,
        sinkCompression: undefined,
        channelType: 'file',
        dfsReplication: 3,
      }),
    });
  });

  it.each([
    [{ source_port: 0 }, 'source_port', '0 is out of range 1-65535'],
    [{ source_port: 'x' }, 'source_port', '"x" is not an integer'],
    [{ protocol: 'http' }, 'protocol', '"http" is not one of avro, thrift'],
    [{ compression_type: 'gzip' }, 'compression_type', '"gzip" is not one of none, deflate'],
    [{ protocol: 'thrift', compression_type: 'deflate' }, 'compression_type', 'the thrift source has no compression; use none, or protocol=avro'],
    [{ sink_type: 'kafka' }, 'sink_type', '"kafka" is not one of hdfs, file'],
    [{ hdfs_path: 'relative/path' }, 'hdfs_path', expect.stringContaining('is not an absolute path')],
    [{ hdfs_path: '/a\nb.sinks.k1.type=null' }, 'hdfs_path', expect.stringContaining('is not an absolute path')],
    [{ hdfs_path: '/a/${env:HOME}' }, 'hdfs_path', expect.stringContaining('is not an absolute path')],
    [{ hdfs_path: '/a b' }, 'hdfs_path', expect.stringContaining('is not an absolute path')],
    [{ roll_count: -1 }, 'roll_count', expect.stringContaining('out of range')],
    [{ roll_size: '10MB' }, 'roll_size', '"10MB" is not a whole number of bytes'],
    [{ sink_compression: 'zip' }, 'sink_compression', expect.stringContaining('"zip" is not empty or one of')],
    [{ sink_serializer: 'avro_event', sink_compression: 'gzip' }, 'sink_compression', 'gzip cannot compress avro_event files; use snappy or bzip2'],
    // Issue 13, defect 6: Hadoop ships no lzo codec (Flume would drop the sink); file_roll cannot compress or count.
    [{ sink_compression: 'lzo' }, 'sink_compression', 'lzo needs the hadoop-lzo codec, which Hadoop does not ship; use gzip, bzip2, snappy'],
    [{ sink_compression: 'lzop' }, 'sink_compression', 'lzop needs the hadoop-lzo codec, which Hadoop does not ship; use gzip, bzip2, snappy'],
    [{ sink_type: 'file', sink_compression: 'gzip' }, 'sink_compression', 'sink_type=file cannot compress (gzip); leave it empty, or use sink_type=hdfs'],
    [{ sink_type: 'file', roll_count: 5000 }, 'roll_count', 'sink_type=file rolls on roll_interval only; set 0, or use sink_type=hdfs'],
    [{ sink_serializer: 'json' }, 'sink_serializer', expect.stringContaining('is not one of text, avro_event')],
    [{ dfs_replication: 0 }, 'dfs_replication', '0 is out of range 1-512'],
    [{ channel_type: 'kafka' }, 'channel_type', expect.stringContaining('is not one of file, memory')],
    [{ channel_capacity: 10, channel_transaction_capacity: 20, batch_size: 5 }, 'channel_transaction_capacity', '20 is greater than channel_capacity 10'],
    [{ batch_size: 2000 }, 'batch_size', '2000 is greater than channel_transaction_capacity 1000'],
    [{ heap_size: '512 m' }, 'heap_size', expect.stringContaining('is not a size')],
    [{ heap_size: '-XX:+Evil' }, 'heap_size', expect.stringContaining('is not a size')],
    [{ java_package: '-o Dpkg::Options' }, 'java_package', expect.stringContaining('is not an apt package name')],
    [{ metrics_port: 4141 }, 'metrics_port', '4141 is also the source_port'],
  ])('rejects %j naming the option', (overrides, option, reason) => {
    expect(parse(overrides)).toEqual({ ok: false, option, reason });
  });

  it('sink_type=file accepts roll_size (HDFS-only, documented) and the default roll_count', () => {
    expect(parse({ sink_type: 'file', roll_size: '5000' }).ok).toBe(true);
  });

  it('accepts an explicit hdfs:// URI and avro_event with an Avro codec', () => {
    const result = parse({ hdfs_path: 'hdfs://nn.example:8020/flume/%{event_dir}', sink_serializer: 'avro_event', sink_compression: 'snappy' });
    expect(result.ok).toBe(true);
  });
});

describe('tls_allow_plaintext', () => {
  it('is false by default, and takes a boolean (or its text)', () => {
    const value = (overrides: Record<string, unknown>) => {
      const result = parse(overrides);
      return result.ok ? result.config.tlsAllowPlaintext : result;
    };
    expect(value({})).toBe(false);
    expect(value({ tls_allow_plaintext: true })).toBe(true);
    expect(value({ tls_allow_plaintext: 'false' })).toBe(false);
    expect(value({ tls_allow_plaintext: 'yes' })).toEqual({ ok: false, option: 'tls_allow_plaintext', reason: '"yes" is not true or false' });
    expect(value({ tls_allow_plaintext: 1 })).toEqual({ ok: false, option: 'tls_allow_plaintext', reason: '1 is not true or false' });
  });
});

describe('CONFIG_DEFAULTS', () => {
  it('matches the defaults of charmcraft.yaml', () => {
    const yaml = readFileSync(path.join(__dirname, '..', 'charmcraft.yaml'), 'utf8');
    const { parse: parseYaml } = require('yaml') as typeof import('yaml');
    const options = (parseYaml(yaml) as { config: { options: Record<string, { default: unknown }> } }).config.options;
    expect(CONFIG_DEFAULTS).toEqual(Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v.default])));
  });
});
