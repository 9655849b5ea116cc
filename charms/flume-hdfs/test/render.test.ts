import * as path from 'node:path';
import { flumeLayout } from '@flume-charms/flume';
import { eventsDir, qualifiedHdfsPath, renderSinkFiles } from '../src/render';
import { sinkConfig } from './support/config';

const TEMPLATES = path.join(__dirname, '..', 'templates');
const layout = flumeLayout('flume-hdfs');
const NN = { namenodes: ['nn.example'], port: 8020 };

describe('renderSinkFiles', () => {
  it('hdfs sink: hdfs-site.xml includes the plugin file, then sets dfs.replication', async () => {
    const files = await renderSinkFiles(TEMPLATES, 'flume-hdfs', sinkConfig({ dfs_replication: 2 }), layout, NN);
    expect(files.hdfsSite).toContain('<xi:include href="/etc/hadoop/conf/hdfs-site.xml">');
    expect(files.hdfsSite).toMatch(/<name>dfs\.replication<\/name>\s*<value>2<\/value>/);
    expect(files.hdfsSite!.indexOf('xi:include')).toBeLessThan(files.hdfsSite!.indexOf('dfs.replication'));
  });

  it('file sink: no hdfs-site.xml, events under the data dir', async () => {
    const files = await renderSinkFiles(TEMPLATES, 'flume-hdfs', sinkConfig({ sink_type: 'file' }), layout);
    expect(files.hdfsSite).toBeUndefined();
    expect(files.flumeConf).toContain(`a1.sinks.k1.sink.directory = ${eventsDir(layout)}`);
  });

  it('flume-env.sh: one quoted JAVA_OPTS with the heap and the metrics port', async () => {
    const files = await renderSinkFiles(TEMPLATES, 'flume-hdfs', sinkConfig({ heap_size: '2g', metrics_port: 40000 }), layout, NN);
    expect(files.flumeEnv).toContain("export JAVA_OPTS='-Xms2g -Xmx2g -Dflume.monitoring.type=http -Dflume.monitoring.port=40000'");
  });

  it('log4j2.xml writes into the app log directory', async () => {
    const files = await renderSinkFiles(TEMPLATES, 'flume-hdfs', sinkConfig(), layout, NN);
    expect(files.log4j2).toContain('fileName="/var/log/flume/flume-hdfs/flume.log"');
  });
});

describe('qualifiedHdfsPath', () => {
  it.each([
    ['/user/flume', NN, 'hdfs://nn.example:8020/user/flume'],
    ['/user/flume', { namenodes: ['fd00::1'], port: 9000 }, 'hdfs://[fd00::1]:9000/user/flume'],
    ['/user/flume', { namenodes: ['a', 'b'], port: 8020 }, '/user/flume'],
    ['hdfs://other:1/x', NN, 'hdfs://other:1/x'],
    ['/user/flume', undefined, '/user/flume'],
  ])('%s with %j -> %s', (configured, hdfs, expected) => {
    expect(qualifiedHdfsPath(configured, hdfs)).toBe(expected);
  });
});
