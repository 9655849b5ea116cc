import { checkFlumeConfig, RENDERED_DEFAULTS } from '../src';

describe('RENDERED_DEFAULTS', () => {
  test('every setting has a value, the Flume default it replaces and a reason', () => {
    expect(RENDERED_DEFAULTS.length).toBeGreaterThanOrEqual(8);
    for (const setting of RENDERED_DEFAULTS) {
      expect(setting.property).not.toBe('');
      expect(setting.value).not.toBe('');
      expect(setting.flumeDefault).not.toBe('');
      expect(setting.reason.length).toBeGreaterThan(40);
    }
  });

  test('the default capacities and batch sizes pass the checker together', () => {
    const value = (property: string): string => {
      const found = RENDERED_DEFAULTS.find((s) => s.property === property);
      if (!found) throw new Error(`no default for ${property}`);
      return found.value;
    };
    const config = [
      'a1.sources = r1', 'a1.channels = c1', 'a1.sinks = k1',
      'a1.sources.r1.type = avro', 'a1.sources.r1.bind = 0.0.0.0', 'a1.sources.r1.port = 4141', 'a1.sources.r1.channels = c1',
      `a1.channels.c1.type = ${value('channels.CHANNEL.type')}`,
      'a1.channels.c1.checkpointDir = /var/lib/flume/a/channels/c1/checkpoint',
      'a1.channels.c1.dataDirs = /var/lib/flume/a/channels/c1/data',
      `a1.channels.c1.capacity = ${value('channels.CHANNEL.capacity')}`,
      `a1.channels.c1.transactionCapacity = ${value('channels.CHANNEL.transactionCapacity')}`,
      'a1.sinks.k1.type = hdfs', 'a1.sinks.k1.channel = c1', 'a1.sinks.k1.hdfs.path = /user/flume',
      `a1.sinks.k1.hdfs.batchSize = ${value('sinks.SINK.hdfs.batchSize')}`,
    ].join('\n');
    expect(checkFlumeConfig(config, 'a1')).toEqual({ ok: true, errors: [] });
  });
});
