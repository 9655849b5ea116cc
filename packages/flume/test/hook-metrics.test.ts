// One reading of Flume's metrics per hook (issue 15): the channel-fill watch and the health check share it, a
// start, stop or restart of Flume in the hook makes the next reader ask again, and each hook asks anew.
import { hook } from '@flume-charms/reactive';
import { checkFlumeHealth, flumeLayout, fullChannels, restartService } from '../src';
import { createHookBench, type HookBench } from './helpers/hook-bench';
import { serveMetrics, type MetricsServer } from './helpers/metrics-server';

const layout = flumeLayout('hook-metrics');
let bench: HookBench;
let server: MetricsServer;
let port: number;
let requests: number;

beforeEach(async () => {
  bench = await createHookBench(layout);
  requests = 0;
  server = await serveMetrics((_req, res) => {
    requests += 1;
    res.end(JSON.stringify({ 'CHANNEL.c1': { Type: 'CHANNEL', ChannelFillPercentage: '90.0' } }));
  });
  port = server.port;
});

afterEach(async () => {
  await server.close();
  bench.dispose();
});

const updateStatus = async (): Promise<void> => {
  const outcome = await bench.runUpdateStatus();
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
  expect(bench.machine.callsOf('systemctl')).toEqual([`restart ${layout.serviceName}`]);
});

test('outside a hook every call asks Flume', async () => {
  await fullChannels(port);
  await health();
  expect(requests).toBe(2);
});
