// What the builder runs once, in the snapshot's process, so that Node's own functions on an update-status's path are
// compiled into the snapshot: Node compiles a builtin's functions when they are first called, and a hook started
// from the snapshot would otherwise compile them every time (~1 ms of CPU, issue 15). The path is the one every
// update-status takes: one loopback HTTP/1.0 GET of Flume's metrics over node:net (packages/flume, metrics.ts), with
// a socket timeout, `onread`, an answer and an end. Nothing stays open: the snapshot is taken once the loop is empty.
import type * as netModule from 'node:net';

export function warmUpLoopback(net: typeof netModule): void {
  net.isIP('127.0.0.1');
  // net.isIP's first call with an IPv6 literal compiles a large regular expression: compiled here, it is kept.
  net.isIP('::1');
  // The metrics address comes from a URL when juju-sim stands in for Flume (CHARM_METRICS_URL).
  const url = new URL('http://127.0.0.1:1/warm-up');
  void [url.hostname, url.port, url.pathname];
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', () => socket.end('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}'));
  });
  server.on('error', () => server.close());
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as netModule.AddressInfo;
    const chunks: Buffer[] = [];
    const onread = { buffer: Buffer.allocUnsafe(1024), callback: (size: number, buffer: Uint8Array): boolean => (chunks.push(Buffer.from(buffer.subarray(0, size))), true) };
    const socket = net.connect({ host: '127.0.0.1', port, onread });
    const done = (): void => {
      socket.destroy();
      server.close();
    };
    socket.setTimeout(5000, done);
    socket.on('connect', () => socket.write('GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n'));
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      JSON.parse(all.subarray(all.indexOf('\r\n\r\n') + 4).toString('utf8'));
      done();
    });
    socket.on('error', done);
  });
}
