// The rendered flume.conf of the main configurations, byte for byte, and each one through the checker.
// A missing golden file fails. Regenerate after an intended template change (review the diff):
//   UPDATE_GOLDEN=1 pnpm exec jest charms/flume-hdfs/test/golden
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkFlumeConfig, flumeLayout, parseProperties } from '@flume-charms/flume';
import type { HdfsTarget } from '../src/hadoop-data';
import { AGENT_NAME, renderSinkFiles, type SourceTls } from '../src/render';
import { sinkConfig } from './support/config';

const TEMPLATES = path.join(__dirname, '..', 'templates');
const GOLDEN = path.join(__dirname, 'golden');
const APP = 'flume-hdfs';
const NAMENODE: HdfsTarget = { namenodes: ['namenode-0.example'], port: 8020 };
/** A stand-in password (the unit generates 64 hex digits of its own). */
const TLS: SourceTls = { keystore: '/etc/flume/flume-hdfs/tls/keystore.p12', keystorePassword: '0123456789abcdef'.repeat(4) };

const CASES: ReadonlyArray<{ name: string; config: Record<string, unknown>; hdfs?: HdfsTarget; storage?: string; tls?: SourceTls }> = [
  { name: 'hdfs-default', config: {}, hdfs: NAMENODE },
  {
    name: 'hdfs-gzip-text-deflate-source',
    config: { sink_compression: 'gzip', compression_type: 'deflate', roll_count: 5000, dfs_replication: 2 },
    hdfs: NAMENODE,
  },
  { name: 'hdfs-snappy-avro-event', config: { sink_compression: 'snappy', sink_serializer: 'avro_event' }, hdfs: NAMENODE },
  { name: 'hdfs-ha-namenodes', config: {}, hdfs: { namenodes: ['nn1.example', 'nn2.example'], port: 8020 } },
  { name: 'file-sink', config: { sink_type: 'file', roll_interval: 60 } },
  { name: 'memory-channel', config: { channel_type: 'memory', channel_capacity: 5000, batch_size: 500, channel_transaction_capacity: 500 }, hdfs: NAMENODE },
  { name: 'thrift', config: { protocol: 'thrift', source_port: 4545 }, hdfs: NAMENODE },
  { name: 'channel-storage', config: {}, hdfs: NAMENODE, storage: '/srv/flume-hdfs/channel-data' },
  { name: 'tls-avro', config: {}, hdfs: NAMENODE, tls: TLS },
  { name: 'tls-thrift-file-sink', config: { protocol: 'thrift', sink_type: 'file' }, tls: TLS },
];

describe('golden flume.conf files', () => {
  it.each(CASES)('$name renders the golden file and passes the checker', async ({ name, config, hdfs, storage, tls }) => {
    const layout = flumeLayout(APP, { channelStorage: storage });
    const files = await renderSinkFiles(TEMPLATES, APP, sinkConfig(config), layout, hdfs, tls);
    const goldenFile = path.join(GOLDEN, `${name}.conf`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile, files.flumeConf);
    expect(existsSync(goldenFile) ? goldenFile : `missing ${goldenFile} (UPDATE_GOLDEN=1 writes it)`).toBe(goldenFile);
    expect(files.flumeConf).toBe(readFileSync(goldenFile, 'utf8'));
    const check = checkFlumeConfig(files.flumeConf, AGENT_NAME);
    expect(check.errors).toEqual([]);
    expect(parseProperties(files.flumeConf).errors).toEqual([]);
  });

  it('every golden file on disk is covered by a case (no stale goldens)', () => {
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const onDisk = readdirSync(GOLDEN).filter((f) => f.endsWith('.conf')).sort();
    expect(onDisk).toEqual(CASES.map((c) => `${c.name}.conf`).sort());
  });
});
