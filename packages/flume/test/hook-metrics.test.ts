// One reading of Flume's metrics per hook (issue 15): the channel-fill watch and the health check share it, a
// start, stop or restart of Flume in the hook makes the next reader ask again, and each hook asks anew.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hook, resetRegistry } from '@flume-charms/reactive';
import { checkFlumeHealth, ensureLayout, flumeLayout, fullChannels, restartService } from '../src';
import { createFakeMachine, type FakeMachine } from './helpers/fake-machine';
import { minimalConf } from './helpers/minimal-conf';
import { serveMetrics, type MetricsServer } from './helpers/metrics-server';
import { runUpdateStatus } from './helpers/update-status-hook';

const layout = flumeLayout('hook-metrics');
let machine: FakeMachine;
let server: MetricsServer;
let port: number;
let requests: number;
let charmDir: string;

beforeEach(async () => {
  resetRegistry();
  machine = createFakeMachine();
  await ensureLayout(layout);
  writeFileSync(join(process.env.CHARM_ROOTFS as string, layout.flumeConf), minimalConf());
  charmDir = mkdtempSync(join(tmpdir(), 'hook-metrics-'));
  requests = 0;
  server = await serveMetrics((_req, res) => {
    requests += 1;
    res.end(JSON.stringify({ 'CHANNEL.c1': { Type: 'CHANNEL', ChannelFillPercentage: '90.0' } }));
  });
  port = server.port;
});

afterEach(async () => {
  await server.close();
  machine.dispose();
  rmSync(charmDir, { recursive: true, force: true });
});

const updateStatus = async (): Promise<void> => {
  const outcome = await runUpdateStatus(charmDir);
  expect(outcome.error).toBeUndefined();
};
const health = (): ReturnType<typeof checkFlumeHealth> =>
  checkFlumeHealth(layout, { metricsPort: port, agentName: 'a1', previous: undefined, activeForSeconds: 100 });

test('the channel-fill watch and the health check of one hook make one GET; the next hook makes its own', async () => {
  const seen: unknown[] = [];
  hook('update-status').do(async function watchAndCheck() {
    seen.push(await fullChannels(port));
    seen.push((await health()).reading?.channels);
  });
  await updateStatus();
  expect(requests).toBe(1);
  expect(seen).toEqual([['c1 90%'], { c1: 0 }]);
  await updateStatus();
  expect(requests).toBe(2);
});

test('a restart of Flume in the hook makes the health check ask again', async () => {
  hook('update-status').do(async function watchRestartCheck() {
    await fullChannels(port);
    await restartService(layout);
    await health();
  });
  await updateStatus();
  expect(requests).toBe(2);
  expect(machine.callsOf('systemctl')).toEqual([`restart ${layout.serviceName}`]);
});

test('outside a hook every call asks Flume', async () => {
  await fullChannels(port);
  await health();
  expect(requests).toBe(2);
});
