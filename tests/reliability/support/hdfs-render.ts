// The flume-hdfs charm's pure render path, in-process: config-get answer -> parseConfig -> renderSinkFiles
// -> checker. The same functions the charm's configure handler calls, without hook tools.
import { checkFlumeConfig, flumeLayout } from '@flume-charms/flume';
import { parseConfig, type SinkConfig } from '../../../charms/flume-hdfs/src/config';
import type { HdfsTarget } from '../../../charms/flume-hdfs/src/hadoop-data';
import { AGENT_NAME, renderSinkFiles, type SinkFiles } from '../../../charms/flume-hdfs/src/render';
import { defaultConfig, templatesDir } from './charm-options';
import { hdfsExpectedKeys } from './expected-keys';
import { recordRendered } from './flume-judge';

export const HDFS_APP = 'flume-hdfs';
export const DEFAULT_NAMENODE: HdfsTarget = { namenodes: ['namenode-0.example'], port: 8020 };
export { parseConfig as parseHdfsConfig, type SinkConfig, type HdfsTarget };

export function hdfsDefaults(): SinkConfig {
  const parsed = parseConfig(defaultConfig('flume-hdfs'));
  if (!parsed.ok) throw new Error(`flume-hdfs defaults do not parse: ${parsed.option}: ${parsed.reason}`);
  return parsed.config;
}

export function renderHdfs(config: SinkConfig, hdfs: HdfsTarget | undefined = DEFAULT_NAMENODE, channelStorage?: string): Promise<SinkFiles> {
  return renderSinkFiles(templatesDir('flume-hdfs'), HDFS_APP, config, flumeLayout(HDFS_APP, { channelStorage }), hdfs);
}

export function hdfsKeysFor(config: SinkConfig): string[] {
  return hdfsExpectedKeys(config);
}

export function checkHdfsConf(conf: string): string[] {
  recordRendered(conf, AGENT_NAME, 'flume-hdfs render');
  return checkFlumeConfig(conf, AGENT_NAME).errors.map((e) => `${e.component}: ${e.message}`);
}
