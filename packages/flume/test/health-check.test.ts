// checkFlumeHealth: the rendered flume.conf and Flume's metrics on a local port decide; the log is read for
// reasons only, never for a healthy Flume (issue 15).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFlumeHealth, flumeLayout } from '../src';

const CONF = ['a1.sources = r1', 'a1.channels = c1', 'a1.sinks = k1', 'a1.sinks.k1.type = file_roll', 'a1.sinks.k1.channel = c1', ''].join('\n');
const metricsWith = (components: string[]): Record<string, Record<string, string>> =>
  Object.fromEntries(components.map((c) => [c, { Type: c.split('.')[0] as string, EventDrainSuccessCount: '5', ChannelSize: '0' }]));

let root: string;
let server: http.Server;
let port: number;
let answer: unknown;
const savedRoot = process.env.CHARM_ROOTFS;
const layout = flumeLayout('health-check');

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'health-check-'));
  process.env.CHARM_ROOTFS = root;
  mkdirSync(join(root, layout.configDir), { recursive: true });
  writeFileSync(join(root, layout.flumeConf), CONF);
  server = http.createServer((_req, res) => res.end(JSON.stringify(answer)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (savedRoot === undefined) delete process.env.CHARM_ROOTFS;
  else process.env.CHARM_ROOTFS = savedRoot;
  rmSync(root, { recursive: true, force: true });
});

const check = (): ReturnType<typeof checkFlumeHealth> =>
  checkFlumeHealth(layout, { metricsPort: port, agentName: 'a1', previous: undefined, activeForSeconds: 100 });

test('a healthy Flume is judged without reading its log', async () => {
  answer = metricsWith(['SOURCE.r1', 'CHANNEL.c1', 'SINK.k1']);
  // A directory where the log should be: reading it would fail the check.
  mkdirSync(join(root, layout.logFile), { recursive: true });
  const { health, reading } = await check();
  expect(health).toEqual({ kind: 'healthy', sinks: 1, delivering: 1, failing: [] });
  expect(reading).toEqual({ sinks: { k1: { drained: 5, failures: 0 } }, channels: { c1: 0 }, at: expect.any(Number) });
});

test('a dropped component takes its reason from the log', async () => {
  answer = metricsWith(['SOURCE.r1', 'CHANNEL.c1']);
  mkdirSync(join(root, layout.logDir), { recursive: true });
  writeFileSync(join(root, layout.logFile), '2026-12-03 10:00:00,000 ERROR [conf-file-poller-0] (Foo.bar:1) Sink k1 has been removed due to an error during configuration\n');
  const { health } = await check();
  expect(health).toEqual({ kind: 'dropped', components: ['sink k1'], reason: 'Sink k1 has been removed due to an error during configuration' });
});
