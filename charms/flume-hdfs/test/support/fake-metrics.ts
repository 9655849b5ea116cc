// What a healthy flume-hdfs Flume reports in its HTTP JSON metrics (-Dflume.monitoring.type=http): tests feed
// it to the simulator with model.setMetrics(unit, ...), which answers for the unit's metrics port.
import type { MetricsDocument } from '@flume-charms/juju-sim';

export const SINK_METRICS: MetricsDocument = {
  'SOURCE.r1': { Type: 'SOURCE', EventReceivedCount: '42', EventAcceptedCount: '42', OpenConnectionCount: '1' },
  'CHANNEL.c1': {
    Type: 'CHANNEL',
    ChannelSize: '2',
    ChannelCapacity: '100000',
    ChannelFillPercentage: '0.002',
    EventPutSuccessCount: '42',
    EventTakeSuccessCount: '40',
  },
  'SINK.k1': { Type: 'SINK', EventDrainSuccessCount: '40', EventDrainAttemptCount: '40', ConnectionFailedCount: '0', BatchCompleteCount: '4' },
};

/** The same Flume with its sink failing `failures` times and draining nothing, while `backlog` events wait. */
export function failingSink(failures: number, backlog: number): MetricsDocument {
  return {
    ...SINK_METRICS,
    'CHANNEL.c1': { ...SINK_METRICS['CHANNEL.c1']!, ChannelSize: String(backlog) },
    'SINK.k1': { ...SINK_METRICS['SINK.k1']!, EventDrainSuccessCount: '0', ConnectionFailedCount: String(failures) },
  };
}
