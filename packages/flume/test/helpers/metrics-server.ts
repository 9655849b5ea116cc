// A stand-in for Flume's HTTP metrics endpoint on loopback: the test decides what each request gets.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsServer {
  readonly port: number;
  /** Drops open connections too, so a test's afterEach never waits on a keep-alive socket. */
  close(): Promise<void>;
}

export async function serveMetrics(handler: http.RequestListener): Promise<MetricsServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
