// Golden flume.conf files of the main configurations; each must also pass packages/flume's checker.
// A missing golden file fails. UPDATE_GOLDEN=1 (re)writes them: review the diff before committing.
//   UPDATE_GOLDEN=1 pnpm exec jest charms/flume-syslog/test/golden
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkFlumeConfig, flumeLayout, parseProperties } from '@flume-charms/flume';
import { parseConfig, type SyslogConfig } from '../src/config';
import { planFlow, type SinkTarget } from '../src/flow-plan';
import { AGENT_NAME, renderAgentFiles } from '../src/render';
import { defaultConfig } from './support/config-fixtures';

const TEMPLATES = path.join(__dirname, '..', 'templates');
const GOLDEN = path.join(__dirname, 'golden');
const APP = 'flume-syslog';

function config(overrides: Record<string, unknown> = {}): SyslogConfig {
  const result = parseConfig({ ...defaultConfig(), ...overrides });
  if (!result.ok) throw result.error;
  return result.config;
}

const sink = (unit: string, host: string, extra: Partial<SinkTarget> = {}): SinkTarget => ({
  unit,
  host,
  port: 4141,
  protocol: 'avro',
  compression: 'none',
  ...extra,
});
// Hosts as the interface hands them over: IPv4 or a hostname, never an IPv6 literal (Flume cannot use one).
const THREE = [
  sink('flume-hdfs/0', '10.0.0.10'),
  sink('flume-hdfs/1', '10.0.0.11', { compression: 'deflate', maxBatchSize: 500 }),
  sink('flume-hdfs/2', 'juju-3b2c1f-12.lxd'),
];

// TLS sinks (flume-agent tls-ca): the truststore is named by the bundle's sha256; the password is the unit's.
const CA_A = 'a'.repeat(64);
const CA_B = 'b'.repeat(64);
const TLS_SECRETS = { truststorePassword: '0123456789abcdef'.repeat(4) };

const CASES: ReadonlyArray<{ file: string; options: Record<string, unknown>; sinks: SinkTarget[]; storage?: string; retired?: string[] }> = [
  { file: 'one-sink.conf', options: {}, sinks: [sink('flume-hdfs/0', '10.0.0.10')] },
  { file: 'load-balance-3-sinks.conf', options: {}, sinks: THREE },
  { file: 'failover-3-sinks.conf', options: { sink_processor: 'failover' }, sinks: THREE },
  { file: 'none-replicating-3-sinks.conf', options: { sink_processor: 'none' }, sinks: THREE },
  {
    file: 'multiport-tcp.conf',
    options: { source_type: 'multiport_syslogtcp', source_port: '5140 5141 5142', keep_fields: 'hostname timestamp', event_dir: 'logs/syslog' },
    sinks: [sink('flume-hdfs/0', 'juju-3b2c1f-2.lxd', { port: 5000, protocol: 'thrift' })],
  },
  { file: 'zero-sinks-buffering.conf', options: {}, sinks: [] },
  { file: 'syslogtcp-memory.conf', options: { channel_type: 'memory', source_type: 'syslogtcp' }, sinks: [sink('flume-hdfs/3', '10.0.0.13')] },
  { file: 'channel-data-storage.conf', options: { sink_processor: 'none' }, sinks: THREE.slice(0, 2), storage: '/srv/flume-syslog/channel-data' },
  // flume-hdfs/0 departed with events left in its channel: they drain to the first remaining sink.
  { file: 'none-departed-unit-draining.conf', options: { sink_processor: 'none' }, sinks: THREE.slice(1), retired: ['flume-hdfs/0'] },
  {
    file: 'multiport-small-transactions.conf',
    options: { source_type: 'multiport_syslogtcp', source_port: '5140 5141', channel_transaction_capacity: 50, batch_size: 50 },
    sinks: [sink('flume-hdfs/0', '10.0.0.10', { maxBatchSize: 20 })],
  },
  // Two sink units of one CA share a truststore, a thrift unit of another CA has its own, a plaintext one has none.
  {
    file: 'tls-mixed-sinks.conf',
    options: {},
    sinks: [
      sink('flume-hdfs/0', '10.0.0.10', { tlsCaId: CA_A }),
      sink('flume-hdfs/1', '10.0.0.11', { compression: 'deflate', tlsCaId: CA_A }),
      sink('other-sink/0', '10.0.0.20', { protocol: 'thrift', port: 5000, tlsCaId: CA_B }),
      sink('plain-sink/0', '10.0.0.30'),
    ],
  },
  // The departed unit's channel drains to the first remaining sink, over TLS since that unit asked for it.
  {
    file: 'tls-none-draining.conf',
    options: { sink_processor: 'none' },
    sinks: [sink('flume-hdfs/1', '10.0.0.11', { tlsCaId: CA_A })],
    retired: ['flume-hdfs/0'],
  },
];

describe('golden flume.conf', () => {
  for (const testCase of CASES) {
    test(`${testCase.file} matches and passes the checker`, async () => {
      const cfg = config(testCase.options);
      const layout = flumeLayout(APP, { channelStorage: testCase.storage });
      const secrets = testCase.sinks.some((target) => target.tlsCaId !== undefined) ? TLS_SECRETS : undefined;
      const rendered = await renderAgentFiles(TEMPLATES, APP, cfg, layout, planFlow(cfg, testCase.sinks, testCase.retired), secrets);
      const goldenPath = path.join(GOLDEN, testCase.file);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, rendered.flumeConf);
      // A missing golden is a failure, never written silently: a test that creates its own expectation cannot fail.
      expect(existsSync(goldenPath) ? goldenPath : `missing ${goldenPath} (UPDATE_GOLDEN=1 writes it)`).toBe(goldenPath);
      expect(rendered.flumeConf).toBe(readFileSync(goldenPath, 'utf8'));
      const check = checkFlumeConfig(rendered.flumeConf, AGENT_NAME);
      expect(check.errors).toEqual([]);
      expect(check.ok).toBe(true);
      expect(parseProperties(rendered.flumeConf).errors).toEqual([]);
    });
  }

  test('every golden file on disk is covered by a case (no stale goldens)', () => {
    const onDisk = readdirSync(GOLDEN).filter((f) => f.endsWith('.conf')).sort();
    expect(onDisk).toEqual(CASES.map((c) => c.file).sort());
  });
});
