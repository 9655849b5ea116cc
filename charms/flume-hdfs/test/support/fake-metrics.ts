// Stands in for Flume's HTTP JSON metrics (-Dflume.monitoring.type=http) on 127.0.0.1 during action tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMetrics {
  readonly port: number;
  /** What GET /metrics answers; tests change it between calls. */
  document: Record<string, Record<string, string>>;
  close(): Promise<void>;
}

export const SINK_METRICS: Record<string, Record<string, string>> = {
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

export async function startFakeMetrics(document = SINK_METRICS): Promise<FakeMetrics> {
  const fake = { document } as { document: Record<string, Record<string, string>> };
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fake.document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(fake, {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
