// Stands in for a running Flume on 127.0.0.1 during action tests: the HTTP JSON metrics
// (-Dflume.monitoring.type=http) and a syslog source that counts every line it receives.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { MetricsDocument } from '@flume-charms/juju-sim';

export interface FakeFlume {
  readonly metricsPort: number;
  readonly sourcePort: number;
  /** Lines the fake source received. */
  readonly lines: string[];
  /** Its metrics now, for model.setMetrics(unit, fake.document): the simulator answers for the unit's metrics port. */
  readonly document: () => MetricsDocument;
  close(): Promise<void>;
}

function metricsDocument(received: number, fill: number): MetricsDocument {
  return {
    'SOURCE.syslog': { Type: 'SOURCE', EventReceivedCount: String(received), EventAcceptedCount: String(received), OpenConnectionCount: '0' },
    'CHANNEL.chan-main': { Type: 'CHANNEL', ChannelSize: '0', ChannelCapacity: '100000', ChannelFillPercentage: fill.toFixed(1), EventPutSuccessCount: String(received), EventTakeSuccessCount: String(received) },
    'SINK.sink-flume-hdfs-0': { Type: 'SINK', EventDrainSuccessCount: String(received), EventDrainAttemptCount: String(received), ConnectionFailedCount: '0', BatchCompleteCount: '0' },
  };
}

/** Starts the fake; `countLines: false` makes a source that receives but never counts (a broken flow). */
export async function startFakeFlume(protocol: 'udp' | 'tcp', options: { countLines?: boolean; fillPercentage?: number } = {}): Promise<FakeFlume> {
  const lines: string[] = [];
  const counted = (): number => (options.countLines === false ? 0 : lines.length);
  const http: HttpServer = createHttpServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metricsDocument(counted(), options.fillPercentage ?? 0)));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

  let udp: UdpSocket | undefined;
  let tcp: TcpServer | undefined;
  let sourcePort: number;
  if (protocol === 'udp') {
    const socket = createSocket('udp4');
    udp = socket;
    socket.on('message', (message) => lines.push(message.toString('utf8')));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    sourcePort = socket.address().port;
  } else {
    const server = createTcpServer((connection) => {
      let buffer = '';
      connection.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        lines.push(...parts);
      });
    });
    tcp = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sourcePort = (server.address() as AddressInfo).port;
  }
  return {
    metricsPort: (http.address() as AddressInfo).port,
    sourcePort,
    lines,
    document: () => metricsDocument(counted(), options.fillPercentage ?? 0),
    close: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
