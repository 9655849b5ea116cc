// serviceStatusUnlessServing (issue 15): Flume's metrics reporting every component of flume.conf stand for
// systemd's "active"; anything less (no answer, a component missing) asks systemd as before.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hook, resetRegistry, runHook, type ToolRunner } from '@flume-charms/reactive';
import { ensureLayout, flumeLayout, serviceStatusUnlessServing, type ServiceStatus } from '../src';
import { createFakeMachine, type FakeMachine } from './helpers/fake-machine';
import { minimalConf } from './helpers/minimal-conf';

const layout = flumeLayout('serving-status');
const COMPLETE = { 'SOURCE.r1': { Type: 'SOURCE' }, 'CHANNEL.c1': { Type: 'CHANNEL', ChannelFillPercentage: '0.0' }, 'SINK.k1': { Type: 'SINK' } };
let machine: FakeMachine;
let server: http.Server;
let port: number;
let document: Record<string, Record<string, string>> | undefined;
let charmDir: string;

beforeEach(async () => {
  resetRegistry();
  machine = createFakeMachine();
  await ensureLayout(layout);
  writeFileSync(join(process.env.CHARM_ROOTFS as string, layout.flumeConf), minimalConf());
  charmDir = mkdtempSync(join(tmpdir(), 'serving-status-'));
  server = http.createServer((req, res) => {
    if (document === undefined) return void req.socket.destroy();
    res.end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  machine.dispose();
  rmSync(charmDir, { recursive: true, force: true });
});

const noTools: ToolRunner = async ({ tool }) => (tool === 'config-get' ? '{}' : '');
async function statusInHook(): Promise<ServiceStatus | undefined> {
  let status: ServiceStatus | undefined;
  hook('update-status').do(async function look() {
    status = await serviceStatusUnlessServing(layout, { metricsPort: port, agentName: 'a1' });
  });
  const env = { JUJU_UNIT_NAME: 'flume/0', JUJU_CHARM_DIR: charmDir, JUJU_DISPATCH_PATH: 'hooks/update-status', JUJU_MODEL_NAME: 'test' };
  const outcome = await runHook({ env, runner: noTools, trace: () => undefined });
  expect(outcome.error).toBeUndefined();
  return status;
}

test('metrics naming every component: active, without systemctl', async () => {
  document = COMPLETE;
  expect((await statusInHook())?.state).toBe('active');
  expect(machine.callsOf('systemctl')).toEqual([]);
});

test('no answer: systemd is asked, and says the service is not running', async () => {
  document = undefined;
  const status = await statusInHook();
  expect(status?.state).toBe('inactive');
  expect(machine.callsOf('systemctl')).toEqual([expect.stringMatching(/^show flume-serving-status\.service /)]);
});

test('a component missing from the metrics: systemd is asked (the health check needs how long Flume has run)', async () => {
  const { ['SINK.k1']: _sink, ...withoutSink } = COMPLETE;
  document = withoutSink;
  await statusInHook();
  expect(machine.callsOf('systemctl')).toEqual([expect.stringMatching(/^show flume-serving-status\.service /)]);
});
