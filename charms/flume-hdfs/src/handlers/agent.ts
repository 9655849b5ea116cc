// The seed's provides-side example, in TypeScript: once the sink can write (HDFS ready, or sink_type=file)
// and an agent connects, publish where to send events.
import type { FlumeAgentProvides } from '@flume-charms/flume-interface';
import { setStatus, when } from '@flume-charms/reactive';
import { BLOCKING, FLAG } from '../flags';
import { publishedSettings } from '../config';
import { loadConfig } from '../sink';
import { STATUS } from '../statuses';

when(FLAG.installed, FLAG.sinkReady, FLAG.agentConnected)
  .whenNot(FLAG.agentAvailable, FLAG.confRejected, FLAG.stoppedByAction, ...BLOCKING)
  .do(async function waitingAvailableFlume(flumeAgent: FlumeAgentProvides) {
    const parsed = await loadConfig();
    if (!parsed.ok) return; // reportInvalidConfig says why
    const config = parsed.config;
    const published = publishedSettings(config);
    await flumeAgent.sendConfiguration(published.port, published.protocol, published.compression, published.maxBatchSize);
    await setStatus('waiting', STATUS.waitingAgent);
  });
