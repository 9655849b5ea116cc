// The reference for the throughput ratio: the charms' topology (syslogtcp -> file channel -> avro ->
// avro source -> file channel -> file_roll) written by hand with the settings a Flume expert would pick for
// the same durability (file channels, fsync per transaction: an accepted event survives kill -9 and power loss),
// and launched directly with bin/flume-ng on 127.0.0.1.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tcpPortOpen, waitFor } from '../../support';
import { startAgent, type FlumeHome, type RunningAgent } from './flume-process';

export const HAND_WRITTEN_PORTS = { syslog: 25140, avro: 24141, agentMetrics: 24546, sinkMetrics: 24545 } as const;

/** Why each setting, in one line each, for the bench's method notes. */
export const HAND_WRITTEN_SETTINGS = [
  'file channels with capacity 1000000 and transactionCapacity 10000 on both sides (durable, room for a whole burst)',
  'avro sink batch-size 5000 (big RPCs) into an avro source on the sink, whose channel takes the batch in one transaction',
  'file_roll sink.batchSize 5000, rollInterval 0 (one file)',
  '-Xms1g -Xmx1g on both JVMs',
];

const fileChannel = (dir: string): string => `a1.channels.c1.type = file
a1.channels.c1.capacity = 1000000
a1.channels.c1.transactionCapacity = 10000
a1.channels.c1.checkpointDir = @DATA@/${dir}/checkpoint
a1.channels.c1.dataDirs = @DATA@/${dir}/data
`;

export const HAND_WRITTEN_AGENT = `a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = syslogtcp
a1.sources.r1.host = 127.0.0.1
a1.sources.r1.port = ${HAND_WRITTEN_PORTS.syslog}
a1.sources.r1.keepFields = true
a1.sources.r1.channels = c1
${fileChannel('channel')}a1.sinks.k1.type = avro
a1.sinks.k1.channel = c1
a1.sinks.k1.hostname = 127.0.0.1
a1.sinks.k1.port = ${HAND_WRITTEN_PORTS.avro}
a1.sinks.k1.batch-size = 5000
`;

export const HAND_WRITTEN_SINK = `a1.sources = r1
a1.channels = c1
a1.sinks = k1
a1.sources.r1.type = avro
a1.sources.r1.bind = 127.0.0.1
a1.sources.r1.port = ${HAND_WRITTEN_PORTS.avro}
a1.sources.r1.channels = c1
${fileChannel('channel')}a1.sinks.k1.type = file_roll
a1.sinks.k1.channel = c1
a1.sinks.k1.sink.directory = @DATA@/events
a1.sinks.k1.sink.rollInterval = 0
a1.sinks.k1.sink.batchSize = 5000
`;

export interface HandWrittenPipeline {
  readonly syslog: { readonly host: string; readonly port: number };
  readonly eventsDir: string;
  stop(): Promise<void>;
}

/** Starts sink then agent, and resolves once the agent's syslog port accepts connections. */
export async function startHandWritten(flume: FlumeHome, runName: string): Promise<HandWrittenPipeline> {
  const started: RunningAgent[] = [];
  const stop = async (): Promise<void> => {
    for (const agent of started.reverse()) await agent.stop();
  };
  try {
    const sink = await startAgent(flume, { name: `${runName}-sink`, conf: HAND_WRITTEN_SINK, agentName: 'a1', heap: '1g', metricsPort: HAND_WRITTEN_PORTS.sinkMetrics });
    started.push(sink);
    const eventsDir = join(sink.dataDir, 'events');
    await mkdir(eventsDir, { recursive: true }); // file_roll does not create it
    await waitFor(() => tcpPortOpen('127.0.0.1', HAND_WRITTEN_PORTS.avro), { timeoutMs: 120_000, what: 'the hand-written sink to listen' });
    started.push(await startAgent(flume, { name: `${runName}-agent`, conf: HAND_WRITTEN_AGENT, agentName: 'a1', heap: '1g', metricsPort: HAND_WRITTEN_PORTS.agentMetrics }));
    await waitFor(() => tcpPortOpen('127.0.0.1', HAND_WRITTEN_PORTS.syslog), { timeoutMs: 120_000, what: 'the hand-written agent to listen' });
    return { syslog: { host: '127.0.0.1', port: HAND_WRITTEN_PORTS.syslog }, eventsDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
