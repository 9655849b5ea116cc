// The syslog sender against local servers: every id arrives once, one per line or datagram, in both formats.
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { eventBatch, idsIn } from './event-ids';
import { sendSyslog, syslogLine, tcpPortOpen } from './syslog-sender';
import { waitFor } from './wait-for';

test('RFC 3164 and 5424 lines carry the id in the message, with facility local0 and severity info', () => {
  const at = new Date(2026, 0, 5, 7, 8, 9);
  const bsd = syslogLine('run-a-1', 'rfc3164', at);
  expect(bsd).toMatch(/^<134>Jan  5 07:08:09 \S+ flume-test\[\d+\]: event run-a-1$/);
  const ietf = syslogLine('run-a-1', 'rfc5424', at);
  expect(ietf).toMatch(/^<134>1 \S+Z \S+ flume-test \d+ test - event run-a-1$/);
  expect(idsIn(`${bsd}\n${ietf}`)).toEqual(['run-a-1', 'run-a-1']);
});

test('TCP: every line arrives, newline-framed, in order', async () => {
  let received = '';
  const server = createServer((socket) => socket.on('data', (chunk) => (received += chunk.toString())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    expect(await tcpPortOpen('127.0.0.1', port)).toBe(true);
    const batch = eventBatch('tcp', 2000);
    const result = await sendSyslog({ host: '127.0.0.1', port, transport: 'tcp' }, batch.ids, { burst: 300, format: 'rfc5424' });
    expect(result).toEqual({ sent: batch.ids, unsent: [] });
    await waitFor(() => received.split('\n').length > batch.ids.length, { timeoutMs: 10_000 });
    expect(idsIn(received)).toEqual(batch.ids);
  } finally {
    server.close();
  }
});

test('UDP: paced bursts, one datagram a line', async () => {
  const datagrams: string[] = [];
  const server = createSocket('udp4');
  server.on('message', (message) => datagrams.push(message.toString()));
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  try {
    const batch = eventBatch('udp', 300);
    const result = await sendSyslog({ host: '127.0.0.1', port: server.address().port, transport: 'udp' }, batch.ids);
    expect(result.sent).toHaveLength(300);
    await waitFor(() => datagrams.length === 300, { timeoutMs: 10_000 });
    expect(datagrams.every((d) => !d.includes('\n') && idsIn(d).length === 1)).toBe(true);
  } finally {
    server.close();
  }
});

test('a refused connection reports every id unsent, and shouldStop stops between bursts', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const batch = eventBatch('refused', 10);
  await expect(sendSyslog({ host: '127.0.0.1', port, transport: 'tcp' }, batch.ids)).rejects.toThrow(/ECONNREFUSED/);
  expect(await tcpPortOpen('127.0.0.1', port)).toBe(false);

  const sink = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  try {
    let bursts = 0;
    const stopped = await sendSyslog({ host: '127.0.0.1', port: (sink.address() as AddressInfo).port, transport: 'tcp' }, batch.ids,
      { burst: 3, shouldStop: () => ++bursts > 2 });
    expect(stopped.sent).toEqual(batch.ids.slice(0, 6));
    expect(stopped.unsent).toEqual(batch.ids.slice(6));
  } finally {
    sink.close();
  }
});
