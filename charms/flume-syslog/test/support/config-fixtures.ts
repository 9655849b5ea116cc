// The charm's config defaults, as config-get --all returns them (charmcraft.yaml is the source of truth:
// test/config.test.ts checks that this copy matches it).
export function defaultConfig(): Record<string, string | number> {
  return {
    source_type: 'syslogudp',
    source_port: '514',
    event_dir: 'flume-syslog',
    keep_fields: 'true',
    sink_processor: 'load_balance',
    channel_type: 'file',
    channel_capacity: 100000,
    channel_transaction_capacity: 1000,
    batch_size: 1000,
    heap_size: '256m',
    java_package: 'openjdk-17-jre-headless',
    metrics_port: 34546,
  };
}
