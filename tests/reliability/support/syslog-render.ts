// The flume-syslog charm's pure render path, in-process: config-get answer -> parseConfig -> planFlow ->
// renderAgentFiles -> checker. The same functions the charm's reconcile handler calls, without hook tools.
import { checkFlumeConfig, flumeLayout, type RenderedFiles } from '@flume-charms/flume';
import { parseConfig, type SyslogConfig } from '../../../charms/flume-syslog/src/config';
import { planFlow, type SinkTarget } from '../../../charms/flume-syslog/src/flow-plan';
import { AGENT_NAME, renderAgentFiles } from '../../../charms/flume-syslog/src/render';
import { defaultConfig, templatesDir } from './charm-options';
import { syslogExpectedKeys } from './expected-keys';
import { recordRendered } from './flume-judge';

export const SYSLOG_APP = 'flume-syslog';
export { parseConfig as parseSyslogConfig, type SyslogConfig, type SinkTarget };

export function syslogDefaults(): SyslogConfig {
  const parsed = parseConfig(defaultConfig('flume-syslog'));
  if (!parsed.ok) throw new Error(`flume-syslog defaults do not parse: ${parsed.error.message}`);
  return parsed.config;
}

export async function renderSyslog(config: SyslogConfig, sinks: readonly SinkTarget[], channelStorage?: string): Promise<RenderedFiles> {
  const layout = flumeLayout(SYSLOG_APP, { channelStorage });
  return renderAgentFiles(templatesDir('flume-syslog'), SYSLOG_APP, config, layout, planFlow(config, sinks));
}

export function syslogKeysFor(config: SyslogConfig, sinks: readonly SinkTarget[]): string[] {
  return syslogExpectedKeys({
    sourceType: config.sourceType,
    channelType: config.channelType,
    sinkProcessor: config.sinkProcessor,
    sinks: sinks.map((s) => ({ unit: s.unit, protocol: s.protocol })),
  });
}

/** The checker's errors for a rendered flume.conf of the agent (empty when it passes). */
export function checkSyslogConf(conf: string): string[] {
  recordRendered(conf, AGENT_NAME, 'flume-syslog render');
  return checkFlumeConfig(conf, AGENT_NAME).errors.map((e) => `${e.component}: ${e.message}`);
}
