// Defaults of charmcraft.yaml's options, for reactive's config.default.KEY flags (no YAML parsing at
// runtime). test/config-defaults.test.ts keeps this in step with charmcraft.yaml.
export const CONFIG_DEFAULTS = {
  source_port: 4141,
  protocol: 'avro',
  compression_type: 'none',
  sink_type: 'hdfs',
  hdfs_path: '/user/flume/%{event_dir}/%Y-%m-%d',
  roll_count: 0,
  roll_interval: 300,
  roll_size: '10000000',
  sink_compression: '',
  sink_serializer: 'text',
  dfs_replication: 3,
  channel_type: 'file',
  channel_capacity: 100000,
  channel_transaction_capacity: 1000,
  batch_size: 1000,
  heap_size: '512m',
  java_package: 'openjdk-17-jre-headless',
  metrics_port: 34545,
  tls_allow_plaintext: false,
} as const;
