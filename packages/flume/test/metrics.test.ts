import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchMetrics, metricsActionResults, MetricsError, summariseMetrics } from '../src';

// Shaped like the user guide's JSON Reporting example: every counter is a string.
const SAMPLE = {
  'SOURCE.avro-in': {
    Type: 'SOURCE', EventReceivedCount: '120', EventAcceptedCount: '118', OpenConnectionCount: '2',
    AppendBatchReceivedCount: '3', StartTime: '1344882233070', StopTime: '0',
  },
  'CHANNEL.c1': {
    Type: 'CHANNEL', ChannelSize: '18', ChannelCapacity: '100000', ChannelFillPercentage: '0.018',
    EventPutSuccessCount: '118', EventTakeSuccessCount: '100', EventPutAttemptCount: '118',
  },
  'SINK.hdfs-out': {
    Type: 'SINK', EventDrainSuccessCount: '100', EventDrainAttemptCount: '100', ConnectionFailedCount: '0', BatchCompleteCount: '1',
  },
  'OTHER.thing': { Type: 'OTHER' },
};

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
async function withServer(handler: Handler, body: (port: number) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('fetchMetrics against a local HTTP server', () => {
  test('reads /metrics and summarises sources, channels and sinks', async () => {
    const paths: string[] = [];
    await withServer(
      (req, res) => {
        paths.push(req.url ?? '');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(SAMPLE));
      },
      async (port) => {
        const summary = await fetchMetrics(port);
        expect(paths).toEqual(['/metrics']);
        expect(summary.sources).toEqual([{ name: 'avro-in', eventsReceived: 120, eventsAccepted: 118, openConnections: 2 }]);
        expect(summary.channels).toEqual([
          { name: 'c1', size: 18, capacity: 100000, fillPercentage: 0.018, eventsPut: 118, eventsTaken: 100 },
        ]);
        expect(summary.sinks).toEqual([{ name: 'hdfs-out', eventsDrained: 100, drainAttempts: 100, connectionsFailed: 0, batchesComplete: 1 }]);
        expect(summary.components.map((c) => `${c.type}.${c.name}`)).toEqual(['CHANNEL.c1', 'SINK.hdfs-out', 'SOURCE.avro-in']);
        expect(summary.components.find((c) => c.name === 'avro-in')?.counters.AppendBatchReceivedCount).toBe(3);
      },
    );
  });

  test('an unreachable port is a clear MetricsError', async () => {
    let closedPort = 0;
    await withServer(() => undefined, async (port) => {
      closedPort = port;
    });
    const error = await fetchMetrics(closedPort).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsError);
    expect(error).toMatchObject({ reason: 'unreachable' });
    expect((error as Error).message).toBe(`Flume metrics unreachable on 127.0.0.1:${closedPort} (ECONNREFUSED)`);
  });

  test('a server that never answers times out', async () => {
    await withServer(() => undefined, async (port) => {
      await expect(fetchMetrics(port, { timeoutMs: 200 })).rejects.toMatchObject({ reason: 'timeout' });
    });
  });

  test('HTTP errors and non-JSON bodies are bad responses', async () => {
    await withServer((_req, res) => { res.statusCode = 500; res.end('boom'); }, async (port) => {
      await expect(fetchMetrics(port)).rejects.toMatchObject({ reason: 'bad-response', message: expect.stringContaining('HTTP 500') });
    });
    await withServer((_req, res) => res.end('<html>'), async (port) => {
      await expect(fetchMetrics(port)).rejects.toMatchObject({ reason: 'bad-response', message: expect.stringContaining('not JSON') });
    });
  });
});

describe('summariseMetrics and action results', () => {
  test('non-numeric counters are skipped; a non-object document is rejected', () => {
    const summary = summariseMetrics({ 'SINK.k1': { EventDrainSuccessCount: 'many', EventDrainAttemptCount: '4' } });
    expect(summary.sinks).toEqual([{ name: 'k1', eventsDrained: 0, drainAttempts: 4 }]);
    expect(() => summariseMetrics([1, 2])).toThrow(MetricsError);
  });

  test('action-set keys are lowercase words joined by hyphens', () => {
    const results = metricsActionResults(summariseMetrics(SAMPLE));
    expect(results['source-avro-in-events-accepted']).toBe('118');
    expect(results['channel-c1-fill-percentage']).toBe('0.018');
    expect(results['sink-hdfs-out-events-drained']).toBe('100');
    for (const key of Object.keys(results)) expect(key).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
});
