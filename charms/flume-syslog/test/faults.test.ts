// Faults in the middle of the agent's busiest hook (a sink's relation-changed: render, write, start, ports):
// killed at sampled tool calls, or with one tool failing once. Juju's retry must converge to the clean run's
// final state: same files, same service state, same ports, same status.
import { readlinkSync } from 'node:fs';
import type { Model } from '@flume-charms/juju-sim';
import { makeStandinFlumeTarball } from '@flume-charms/tests';
import { ready } from '../src/statuses';
import { AGENT, SERVICE, SINK_BAG, UNIT, deployAgent, deployRemote, ports, relateSink, workload } from './support/scenario';

const HOOK = 'flume-agent-relation-changed';
const FILES = ['/etc/flume/flume-syslog/flume.conf', '/etc/flume/flume-syslog/flume-env.sh', '/etc/systemd/system/flume-flume-syslog.service'];

interface Snapshot {
  readonly files: string[];
  readonly active: string | undefined;
  readonly ports: readonly string[];
  readonly status: { status: string; message: string };
}

function snapshot(model: Model): Snapshot {
  return {
    files: FILES.map((f) => model.unitFile(UNIT, f)),
    active: model.service(UNIT, SERVICE)?.activeState,
    ports: ports(model),
    status: workload(model),
  };
}

/** Deploys agent and sink, arms a fault, relates, settles; then retries like `juju resolve` until clean. */
async function run(arm?: (model: Model) => void): Promise<{ model: Model; failed: boolean }> {
  const { model } = await deployAgent();
  await deployRemote(model, 'flume-hdfs', SINK_BAG);
  arm?.(model);
  relateSink(model, 'flume-hdfs');
  let result = await model.settle();
  const failed = result.errors.length > 0;
  for (let retries = 0; result.errors.length > 0 && retries < 3; retries += 1) {
    model.resolve(UNIT);
    result = await model.settle();
  }
  expect(result.errors).toEqual([]);
  return { model, failed };
}

describe('flume-syslog under faults', () => {
  let clean: Snapshot;
  let toolCalls: number;

  beforeAll(async () => {
    const { model } = await run();
    clean = snapshot(model);
    const hookRun = model.hookRuns.find((r) => r.unit === UNIT && r.hook === HOOK);
    toolCalls = hookRun?.toolCalls ?? 0;
    await model.destroy();
    expect(clean.status.status).toBe('active');
    expect(toolCalls).toBeGreaterThanOrEqual(4); // enough distinct kill points for the fractions below
  });

  test.each([0, 0.2, 0.4, 0.6, 0.8, 0.99])('killed at %p of its tool calls, the retry converges', async (fraction) => {
    const at = Math.floor(fraction * toolCalls);
    const { model, failed } = await run((m) => m.faults.killHook(UNIT, { afterToolCalls: at, hook: HOOK }));
    try {
      expect(failed).toBe(true);
      expect(snapshot(model)).toEqual(clean);
    } finally {
      await model.destroy();
    }
  });

  test.each(['relation-get', 'config-get', 'status-set', 'systemctl', 'open-port'])('%s failing once: the hook fails, the retry converges', async (tool) => {
    const { model, failed } = await run((m) => m.faults.failTool(tool, { unit: UNIT }));
    try {
      expect(failed).toBe(true);
      expect(model.faults.pending().tools).toBe(0);
      expect(snapshot(model)).toEqual(clean);
    } finally {
      await model.destroy();
    }
  });
});

describe('upgrade-charm killed between the install of a new Flume and the restart', () => {
  test('the retried hook finds nothing left to install, and still restarts Flume onto the new build', async () => {
    const { model } = await run();
    try {
      const newBuild = await makeStandinFlumeTarball({ version: '1.11.1' });
      // Where the install ends: the first tool call of upgrade-charm after resource-get (installFlume itself runs
      // no tool). Found on a clean upgrade of a second, identical model.
      const { model: probe } = await run();
      probe.attachResource(AGENT, 'flume', newBuild);
      await probe.settle();
      const calls = probe.toolCalls.filter((c) => c.unit === UNIT && c.hook === 'upgrade-charm').map((c) => c.tool);
      await probe.destroy();
      const afterInstall = calls.indexOf('resource-get') + 1;
      expect(afterInstall).toBeGreaterThan(0);
      expect(calls.slice(afterInstall)).toContain('systemctl'); // the restart comes later in the same hook

      const restarts = model.service(UNIT, SERVICE)?.restarts ?? 0;
      model.faults.killHook(UNIT, { afterToolCalls: afterInstall, hook: 'upgrade-charm' });
      model.attachResource(AGENT, 'flume', newBuild);
      const killed = await model.settle();
      expect(killed.errors.map((e) => e.hook)).toEqual(['upgrade-charm']);
      expect(readlinkSync(model.unitPath(UNIT, '/opt/flume/flume-syslog/current'))).toBe('apache-flume-1.11.1-bin');
      expect(model.service(UNIT, SERVICE)?.restarts).toBe(restarts); // installed, not yet restarted

      model.resolve(UNIT);
      expect((await model.settle()).errors).toEqual([]);
      expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'active', restarts: restarts + 1 });
      expect(model.status().applications.find((a) => a.name === AGENT)?.version).toBe('1.11.1');
      expect(workload(model)).toEqual({ status: 'active', message: ready(1, 0) });
    } finally {
      await model.destroy();
    }
  });
});
