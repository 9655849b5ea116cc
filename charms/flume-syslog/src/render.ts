// config + flow plan -> template contexts -> rendered files. No hook tools, no writes: the handlers decide
// what to do with the result (the golden-file tests render through this module too).
import * as path from 'node:path';
import {
  fileChannelDirs,
  renderFlumeFiles,
  TRUSTSTORE_TYPE,
  truststorePath,
  type FlumeLayout,
  type RenderedFiles,
  type TemplateContext,
} from '@flume-charms/flume';
import type { SyslogConfig } from './config';
import type { FlowPlan } from './flow-plan';

/** The Flume agent name (`flume-ng agent -n`), the prefix of every key in flume.conf (the original's). */
export const AGENT_NAME = 'a1';

/** MultiportSyslogTCPSource's own default batch (SyslogSourceConfigurationConstants.DEFAULT_BATCHSIZE). */
export const MULTIPORT_DEFAULT_BATCH = 100;

/**
 * multiport_syslogtcp puts up to batchSize events into each channel in one transaction; Flume removes the
 * source at load when that exceeds the channel's transactionCapacity. Flume's default, within the capacity.
 */
export function multiportBatchSize(config: Pick<SyslogConfig, 'channelTransactionCapacity'>): number {
  return Math.min(MULTIPORT_DEFAULT_BATCH, config.channelTransactionCapacity);
}

/** What TLS sinks render besides their truststore's path: the unit's truststore password (never logged). */
export interface TlsSecrets {
  readonly truststorePassword: string;
}

function sinkTls(layout: FlumeLayout, tlsCaId: string | undefined, secrets: TlsSecrets | undefined): TemplateContext | false {
  if (tlsCaId === undefined) return false;
  if (secrets === undefined) throw new Error('a TLS sink is planned but no truststore password was given');
  return { truststore: truststorePath(layout, tlsCaId), password: secrets.truststorePassword, type: TRUSTSTORE_TYPE };
}

export function flumeConfContext(app: string, config: SyslogConfig, layout: FlumeLayout, plan: FlowPlan, secrets?: TlsSecrets): TemplateContext {
  return {
    app,
    agent: AGENT_NAME,
    processor: config.sinkProcessor,
    sinkCount: plan.sinks.filter((sink) => sink.drains === undefined).length,
    replicating: plan.replicating,
    sourceChannels: [...plan.sourceChannels],
    optionalChannels: plan.optionalChannels.length > 0 ? [...plan.optionalChannels] : false,
    source: {
      type: config.sourceType,
      multiport: config.sourceType === 'multiport_syslogtcp',
      batchSize: multiportBatchSize(config),
      port: config.sourcePorts[0] ?? null,
      ports: [...config.sourcePorts],
      keepFields: [...config.keepFields],
      eventDir: config.eventDir,
    },
    channels: plan.channels.map((channel) => {
      const dirs = config.channelType === 'file' ? fileChannelDirs(layout, channel.name) : undefined;
      return {
        name: channel.name,
        type: config.channelType,
        capacity: config.channelCapacity,
        transactionCapacity: config.channelTransactionCapacity,
        checkpointDir: dirs ? dirs.checkpointDir : false,
        dataDirs: dirs ? dirs.dataDir : false,
        // A full replica channel must refuse at once: Flume's default waits 3 s per event for space, and the
        // source, which writes every channel in turn, would crawl for every sink (seen with real Flume).
        failFast: plan.optionalChannels.includes(channel.name),
      };
    }),
    sinks: plan.sinks.map((sink) => ({
      unit: sink.unit,
      name: sink.name,
      type: sink.type,
      channel: sink.channel,
      hostname: sink.hostname,
      port: sink.port,
      batchSize: sink.batchSize,
      compression: sink.compression ?? false,
      drains: sink.drains ?? false,
      tls: sinkTls(layout, sink.tlsCaId, secrets),
    })),
    group: plan.group
      ? {
          name: plan.group.name,
          type: plan.group.type,
          loadBalance: plan.group.type === 'load_balance',
          failover: plan.group.type === 'failover',
          sinks: [...plan.group.sinks],
          priorities: plan.group.priorities.map((p) => ({ sink: p.sink, priority: p.priority })),
        }
      : false,
  };
}

/** Renders flume.conf, flume-env.sh and log4j2.xml. Throws UnsafeValueError or TemplateError. */
export function renderAgentFiles(
  templatesDir: string,
  app: string,
  config: SyslogConfig,
  layout: FlumeLayout,
  plan: FlowPlan,
  secrets?: TlsSecrets,
): Promise<RenderedFiles> {
  const { heapSize, metricsPort } = config;
  return renderFlumeFiles(templatesDir, { app, layout, heapSize, metricsPort, flumeConf: flumeConfContext(app, config, layout, plan, secrets) });
}

/** The templates shipped beside the bundle. */
export function charmTemplatesDir(): string {
  return path.join(process.env.JUJU_CHARM_DIR ?? process.env.CHARM_DIR ?? process.cwd(), 'templates');
}
