import * as http from 'node:http';
import * as net from 'node:net';
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

// A server that answers each request with raw bytes, to see the client's HTTP/1.0 as it is on the wire.
async function withRawServer(answer: (request: string, socket: net.Socket) => void, body: (port: number, requests: string[]) => Promise<void>): Promise<void> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let request = '';
    socket.on('data', (chunk) => {
      request += chunk.toString('latin1');
      if (!request.includes('\r\n\r\n')) return;
      requests.push(request);
      answer(request, socket);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body((server.address() as AddressInfo).port, requests);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('fetchMetrics on the wire (HTTP/1.0 over a socket)', () => {
  const json = JSON.stringify(SAMPLE);

  test('asks with HTTP/1.0 and reads a close-delimited body that arrives in pieces', async () => {
    await withRawServer(
      (_request, socket) => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n');
        socket.write(json.slice(0, 40));
        setTimeout(() => socket.end(json.slice(40)), 20);
      },
      async (port, requests) => {
        const summary = await fetchMetrics(port);
        expect(requests).toEqual([`GET /metrics HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\nAccept: application/json\r\n\r\n`]);
        expect(summary.channels.map((c) => c.name)).toEqual(['c1']);
      },
    );
  });

  test('a Content-Length body is complete without waiting for the server to close', async () => {
    const body = Buffer.from(json, 'utf8');
    await withRawServer(
      (_request, socket) => socket.write(Buffer.concat([Buffer.from(`HTTP/1.0 200 OK\r\ncontent-length: ${body.length}\r\n\r\n`), body])),
      async (port) => {
        const summary = await fetchMetrics(port, { timeoutMs: 5000 });
        expect(summary.sinks.map((s) => s.name)).toEqual(['hdfs-out']);
      },
    );
  });

  test('an answer cut short of its Content-Length, a chunked answer and one that is not HTTP are errors', async () => {
    await withRawServer((_r, socket) => socket.end('HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\n{"SINK.k1"'), async (port) => {
      await expect(fetchMetrics(port)).rejects.toMatchObject({ reason: 'unreachable', message: expect.stringContaining('closed before the answer was complete') });
    });
    await withRawServer((_r, socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'), async (port) => {
      await expect(fetchMetrics(port)).rejects.toMatchObject({ reason: 'bad-response', message: expect.stringContaining('Transfer-Encoding: chunked') });
    });
    await withRawServer((_r, socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'), async (port) => {
      await expect(fetchMetrics(port)).rejects.toMatchObject({ reason: 'bad-response', message: expect.stringContaining('did not answer HTTP') });
    });
    await withRawServer((_r, socket) => socket.end(), async (port) => {
      await expect(fetchMetrics(port)).rejects.toMatchObject({ reason: 'unreachable', message: `Flume metrics unreachable on 127.0.0.1:${port} (ECONNRESET)` });
    });
  });

  test('a body larger than 1 MiB is refused', async () => {
    await withRawServer((_r, socket) => socket.end(`HTTP/1.0 200 OK\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{}`), async (port) => {
      await expect(fetchMetrics(port)).rejects.toMatchObject({ reason: 'bad-response', message: expect.stringContaining('larger than') });
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
