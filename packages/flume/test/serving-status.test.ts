// serviceStatusUnlessServing (issue 15): Flume's metrics reporting every component of flume.conf stand for
// systemd's "active"; anything less (no answer, a component missing) asks systemd as before.
import { hook } from '@flume-charms/reactive';
import { flumeLayout, serviceStatusUnlessServing, type ServiceStatus } from '../src';
import { createHookBench, type HookBench } from './helpers/hook-bench';
import { serveMetrics, type MetricsServer } from './helpers/metrics-server';

const layout = flumeLayout('serving-status');
const COMPLETE = { 'SOURCE.r1': { Type: 'SOURCE' }, 'CHANNEL.c1': { Type: 'CHANNEL', ChannelFillPercentage: '0.0' }, 'SINK.k1': { Type: 'SINK' } };
let bench: HookBench;
let server: MetricsServer;
let port: number;
let document: Record<string, Record<string, string>> | undefined;

beforeEach(async () => {
  bench = await createHookBench(layout);
  server = await serveMetrics((req, res) => {
    if (document === undefined) return void req.socket.destroy();
    res.end(JSON.stringify(document));
  });
  port = server.port;
});

afterEach(async () => {
  await server.close();
  bench.dispose();
});

async function statusInHook(): Promise<ServiceStatus | undefined> {
  let status: ServiceStatus | undefined;
  hook('update-status').do(async function look() {
    status = await serviceStatusUnlessServing(layout, { metricsPort: port, agentName: 'a1' });
  });
  const outcome = await bench.runUpdateStatus();
  expect(outcome.error).toBeUndefined();
  return status;
}

test('metrics naming every component: active, without systemctl', async () => {
  document = COMPLETE;
  expect((await statusInHook())?.state).toBe('active');
  expect(bench.machine.callsOf('systemctl')).toEqual([]);
});

test('no answer: systemd is asked, and says the service is not running', async () => {
  document = undefined;
  const status = await statusInHook();
  expect(status?.state).toBe('inactive');
  expect(bench.machine.callsOf('systemctl')).toEqual([expect.stringMatching(/^show flume-serving-status\.service /)]);
});

test('a component missing from the metrics: systemd is asked (the health check needs how long Flume has run)', async () => {
  const { ['SINK.k1']: _sink, ...withoutSink } = COMPLETE;
  document = withoutSink;
  await statusInHook();
  expect(bench.machine.callsOf('systemctl')).toEqual([expect.stringMatching(/^show flume-serving-status\.service /)]);
});
