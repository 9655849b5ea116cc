// config + relation view -> template contexts -> rendered files. No hook tools, no writes: the handlers
// decide what to do with the result (tests render the golden files through this module too).
import * as path from 'node:path';
import {
  fileChannelDirs,
  KEYSTORE_TYPE,
  renderFlumeFiles,
  renderTemplate,
  type FlumeLayout,
  type RenderedFiles,
  type TemplateContext,
} from '@flume-charms/flume';
import type { SinkConfig } from './config';
import type { HdfsTarget } from './hadoop-data';

/** The Flume agent name (`flume-ng agent -n`), the prefix of every key in flume.conf. */
export const AGENT_NAME = 'a1';
export const CHANNEL_NAME = 'c1';
/** Where the hadoop-plugin subordinate (Apache Bigtop) puts the Hadoop client configuration. */
export const HADOOP_HDFS_SITE = '/etc/hadoop/conf/hdfs-site.xml';
export const HDFS_SITE_TEMPLATE = 'hdfs-site.xml.hbs';
/** Rendered into Flume's config directory (/etc/flume/APP), which bin/flume-ng puts on the classpath. */
export const HDFS_SITE_FILE = 'hdfs-site.xml';

/** Everything the sink writes besides the three files every Flume charm has. */
export interface SinkFiles extends RenderedFiles {
  /** hdfs-site.xml for Flume's conf dir (sink_type=hdfs only): sets dfs.replication. */
  readonly hdfsSite: string | undefined;
}

/** TLS on the source (Avro and Thrift both): the keystore Flume serves with, and its password. */
export interface SourceTls {
  readonly keystore: string;
  readonly keystorePassword: string;
}

/** The local directory of the file_roll sink (sink_type=file); ensureLayout creates it (file_roll does not). */
export function eventsDir(layout: FlumeLayout): string {
  return layout.eventsDir;
}

/**
 * hdfs.path: a path without scheme is qualified with the namenode the plugin published when there is exactly
 * one, so that events can never land on the local disk through a missing fs.defaultFS. With several
 * namenodes (HA) the plugin's fs.defaultFS (its nameservice) resolves it.
 */
export function qualifiedHdfsPath(configured: string, hdfs: HdfsTarget | undefined): string {
  if (!configured.startsWith('/') || !hdfs || hdfs.namenodes.length !== 1) return configured;
  const host = hdfs.namenodes[0] as string;
  const authority = host.includes(':') ? `[${host}]:${hdfs.port}` : `${host}:${hdfs.port}`;
  return `hdfs://${authority}${configured}`;
}

export function flumeConfContext(app: string, config: SinkConfig, layout: FlumeLayout, hdfs?: HdfsTarget, tls?: SourceTls): TemplateContext {
  const file = config.channelType === 'file' ? fileChannelDirs(layout, CHANNEL_NAME) : undefined;
  const avro = config.sinkSerializer === 'avro_event';
  // text: the codec compresses the whole stream (Flume appends the codec's extension to the name);
  // avro_event: Avro compresses its own blocks, so the files stay valid .avro containers (as the
  // original charm did with serializer.compressionCodec).
  const hdfsSink =
    config.sinkType === 'hdfs'
      ? {
          path: qualifiedHdfsPath(config.hdfsPath, hdfs),
          fileType: config.sinkCompression && !avro ? 'CompressedStream' : 'DataStream',
          codec: !avro && config.sinkCompression ? config.sinkCompression : false,
          fileSuffix: avro ? '.avro' : config.sinkCompression ? false : '.txt',
          rollCount: config.rollCount,
          rollInterval: config.rollInterval,
          rollSize: config.rollSize,
          batchSize: config.batchSize,
          serializer: config.sinkSerializer,
          serializerCodec: avro && config.sinkCompression ? config.sinkCompression : false,
        }
      : false;
  const fileRoll =
    config.sinkType === 'file'
      ? {
          directory: eventsDir(layout),
          rollInterval: config.rollInterval,
          batchSize: config.batchSize,
          serializer: config.sinkSerializer,
          extension: avro ? 'avro' : false,
        }
      : false;
  return {
    app,
    agent: AGENT_NAME,
    source: {
      type: config.protocol,
      port: config.sourcePort,
      compression: config.compressionType === 'deflate' ? 'deflate' : false,
      tls: tls ? { keystore: tls.keystore, password: tls.keystorePassword, type: KEYSTORE_TYPE } : false,
    },
    channel: {
      type: config.channelType,
      capacity: config.channelCapacity,
      transactionCapacity: config.channelTransactionCapacity,
      file: file ? { checkpointDir: file.checkpointDir, dataDirs: file.dataDir } : false,
    },
    hdfs: hdfsSink,
    fileRoll,
  };
}

/** Renders every file of the sink from the charm's templates/ directory. Throws UnsafeValueError/TemplateError. */
export async function renderSinkFiles(
  templatesDir: string,
  app: string,
  config: SinkConfig,
  layout: FlumeLayout,
  hdfs?: HdfsTarget,
  tls?: SourceTls,
): Promise<SinkFiles> {
  const { heapSize, metricsPort } = config;
  const flumeConf = flumeConfContext(app, config, layout, hdfs, tls);
  const rendered = await renderFlumeFiles(templatesDir, { app, layout, heapSize, metricsPort, flumeConf });
  let hdfsSite: string | undefined;
  if (config.sinkType === 'hdfs') {
    const { promises: fs } = await import('node:fs');
    const source = await fs.readFile(path.join(templatesDir, HDFS_SITE_TEMPLATE), 'utf8');
    hdfsSite = await renderTemplate(
      'xml',
      source,
      { app, hadoopHdfsSite: HADOOP_HDFS_SITE, dfsReplication: config.dfsReplication },
      HDFS_SITE_TEMPLATE,
    );
  }
  return { ...rendered, hdfsSite };
}

/** The templates shipped beside the bundle (dist/charm.js -> ../templates). */
export function charmTemplatesDir(): string {
  return path.join(process.env.JUJU_CHARM_DIR ?? process.env.CHARM_DIR ?? process.cwd(), 'templates');
}
