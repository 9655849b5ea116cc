// Generated values for one config option: valid ones, boundary numbers, injections, huge and wrong-typed
// values. Juju only ever sends values of the option's type; the wrong types test the parser's robustness.
import type { Prng } from '../../support';
import type { CharmOption } from './charm-options';
import { huge, injected, randomString, WRONG_TYPES } from './hostile';

export type ConfigValue = string | number | boolean | null | unknown[] | Record<string, unknown>;

/** Values each option is meant to accept, as bases for mutation (a plain default is used for the rest). */
const GOOD: Readonly<Record<string, readonly (string | number)[]>> = {
  source_type: ['syslogudp', 'syslogtcp', 'multiport_syslogtcp'],
  source_port: ['514', '5140', '65535', '1'],
  event_dir: ['flume-syslog', 'logs/syslog', 'a.b_c-d', 'x'],
  keep_fields: ['true', 'false', 'hostname timestamp', 'priority version timestamp hostname'],
  sink_processor: ['load_balance', 'failover', 'none'],
  channel_type: ['file', 'memory'],
  heap_size: ['256m', '1g', '512M', '2048k'],
  java_package: ['openjdk-17-jre-headless', 'openjdk-21-jre-headless', 'default-jre-headless'],
  protocol: ['avro', 'thrift'],
  compression_type: ['none', 'deflate'],
  sink_type: ['hdfs', 'file'],
  hdfs_path: ['/user/flume/%{event_dir}/%Y-%m-%d', '/flume', 'hdfs://nn.example:8020/flume/%{event_dir}', 'hdfs://[fd00::1]:8020/x'],
  roll_size: ['0', '10000000', '1099511627776'],
  sink_compression: ['', 'gzip', 'bzip2', 'snappy', 'lzo'],
  sink_serializer: ['text', 'avro_event'],
};

const BOUNDARY_INTS = [
  0, 1, -1, 2, 100, 999, 1000, 1001, 1023, 1024, 4141, 34545, 34546, 65535, 65536, 100_000, 1_000_000_000, 1_000_000_001,
  2_147_483_647, 2_147_483_648, -2_147_483_648, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1e21,
];

function intValue(prng: Prng): ConfigValue {
  switch (prng.int(0, 5)) {
    case 0:
      return prng.pick(BOUNDARY_INTS);
    case 1:
      return prng.int(-10, 70_000);
    case 2:
      return prng.int(1, 2_000_000);
    case 3:
      return -prng.int(1, 1_000_000);
    case 4:
      return prng.pick(['100', '1e3', ' 42 ', '0x10', '', '4141\n', '1000; rm -rf /']);
    default:
      return prng.pick([1.5, -0.5, Number.NaN, Infinity, null, true, [], {}]);
  }
}

function stringValue(prng: Prng, option: CharmOption): ConfigValue {
  const good = GOOD[option.name] ?? [String(option.default ?? '')];
  const base = String(prng.pick(good));
  switch (prng.int(0, 9)) {
    case 0:
    case 1:
      return base;
    case 2:
    case 3:
      return injected(prng, base);
    case 4:
      return huge(prng, base);
    case 5:
      return randomString(prng);
    case 6:
      return prng.pick([` ${base}`, `${base} `, base.toUpperCase(), `${base}\n`, `${base},${base}`, `${base} ${base}`]);
    case 7:
      return prng.pick(['', ' ', '\t', '0', '-1', '..', '../../etc', '/', '${env:HOME}', '%{event_dir}', 'true', 'null', '\u{1f4a9}']);
    case 8:
      return `${base}${prng.pick(['=', ':', '#', '!', '\\', '$', '`', '"', "'", '<', '&', ';', '|'])}${randomString(prng)}`;
    default:
      return prng.pick(WRONG_TYPES) as ConfigValue;
  }
}

/** `count` values for `option`; the i-th is always the same for a given seed. */
export function configValues(prng: Prng, option: CharmOption, count: number): ConfigValue[] {
  const values: ConfigValue[] = [];
  for (let i = 0; i < count; i += 1) values.push(option.type === 'int' ? intValue(prng) : stringValue(prng, option));
  return values;
}

/** Whether Juju could send this value for the option (config-get answers with the option's type). */
export function isJujuTyped(option: CharmOption, value: ConfigValue): boolean {
  if (option.type === 'int') return typeof value === 'number' && Number.isSafeInteger(value);
  if (option.type === 'string') return typeof value === 'string';
  return false;
}
