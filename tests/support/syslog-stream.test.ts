// The background stream against a local server that drops every connection after a few lines, as a
// restarting agent does: all lines arrive except possibly unconfirmed ones, and each id is used once.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { idsIn } from './event-ids';
import { SyslogStream } from './syslog-stream';
import { waitFor } from './wait-for';

test('reconnects after the server drops the connection; only lines near a break are unconfirmed', async () => {
  let received = '';
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let lines = 0;
    socket.on('data', (chunk) => {
      received += chunk.toString();
      lines += chunk.toString().split('\n').length - 1;
      if (lines >= 30) socket.destroy(); // an agent restarting
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const stream = SyslogStream.start({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, { seed: 'stream', burst: 10, intervalMs: 5 });
    await waitFor(() => stream.sentCount >= 200, { timeoutMs: 20_000 });
    const result = await stream.stop();
    expect(result.connections).toBeGreaterThan(3);
    const seen = new Set(idsIn(received));
    const missing = result.sent.filter((id) => !seen.has(id));
    expect(missing.every((id) => result.unconfirmed.includes(id))).toBe(true);
    expect(new Set(result.sent).size).toBe(result.sent.length);
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});
