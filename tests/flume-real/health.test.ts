// Health comes from Flume (issue 13), with real Flume in juju-sim's real machines: a sink that cannot write is
// blocked with the reason from its Flume log and withdraws its address (issue 14 item 7), a sink whose Flume
// stopped leaves the agent waiting and buffering, and recovery returns both to active, with every event sent
// meanwhile delivered once.
import { chmodSync } from 'node:fs';
import type { StatusValue } from '@flume-charms/juju-sim';
import { eventBatch, formatCount, sendSyslog, uniqueSeed, waitUntil } from '../support';
import { EVENTS_DIR, SINK_APP, type RealDeployment } from '../support/real-deployment';
import { describeWithRealFlume, REAL_TEST_TIMEOUT_MS, useRealDeployment } from './real-suite';

const AGENT_APP = 'syslog-health';
const SINK = `${SINK_APP}/0`;
const AGENT = `${AGENT_APP}/0`;
const RELATION = `${AGENT_APP}:flume-agent ${SINK_APP}:flume-agent`;
const BUFFERING: StatusValue = { status: 'waiting', message: 'No Flume sink available; buffering events' };
/** JVM restarts and Flume's retry back-off on a shared 2-core machine: generous, a stuck pipeline still fails. */
const STATUS_TIMEOUT_MS = 150_000;
/** After a recovery the agent's avro sink may sit out RPC timeouts and back-off first: patient, but all must arrive. */
const DELIVERY_WAIT = { timeoutMs: 300_000, stallMs: 120_000 };

/** update-status on one application until the unit's status satisfies `done` (each round settles). */
async function statusUntil(deployment: RealDeployment, unit: string, done: (s: StatusValue) => boolean, what: string): Promise<StatusValue> {
  return waitUntil(
    async () => {
      deployment.model.updateStatus(unit.split('/')[0]);
      await deployment.settle();
      return deployment.workload(unit);
    },
    done,
    { timeoutMs: STATUS_TIMEOUT_MS, intervalMs: 2000, what },
  );
}

/**
 * Waits until the agent's Flume has put `count` events into its channel. Syslog has no acknowledgement: lines a
 * client sent but the source has not read yet are lost when the agent restarts, and a sink leaving or coming
 * back changes the agent's flow, which restarts it (README: delivery guarantee). The test sends, waits for
 * this, and only then lets the sink leave or return.
 */
async function acceptedByAgent(deployment: RealDeployment, count: number): Promise<void> {
  await waitUntil(() => deployment.figures(AGENT), (f) => f.accepted >= count, { timeoutMs: 60_000, intervalMs: 500, what: `${count} events accepted by the agent` });
}

describeWithRealFlume('real Flume: health comes from Flume', () => {
  const world = useRealDeployment({
    name: 'real-health',
    sink: { units: 1 },
    agents: { [AGENT_APP]: { source_type: 'syslogtcp', source_port: '5145' } },
  });

  test('both Ready only once their Flume reports every component', async () => {
    const deployment = world();
    expect(await statusUntil(deployment, SINK, (s) => s.status === 'active', 'the sink Ready')).toEqual({ status: 'active', message: 'Ready' });
    expect(await statusUntil(deployment, AGENT, (s) => s.status === 'active', 'the agent Ready')).toEqual({ status: 'active', message: 'Ready (1 sink)' });
  }, REAL_TEST_TIMEOUT_MS);

  test('a sink that cannot write: blocked with the Flume log reason and withdrawn, the agent buffers; recovery delivers every event', async () => {
    const deployment = world();
    const events = deployment.model.unitPath(SINK, EVENTS_DIR);
    // flume (not root) can no longer create files there; file_roll opens a new file when its Flume starts.
    chmodSync(events, 0o500);
    try {
      expect((await deployment.model.runAction(SINK, 'restart-flume')).status).toBe('completed');
      await deployment.settle();
      const blocked = await statusUntil(deployment, SINK, (s) => s.status === 'blocked', 'the sink blocked');
      console.log(`sink, events directory not writable: ${blocked.status} "${blocked.message}"`);
      expect(blocked.message).toMatch(/^Events not delivered: .*Permission denied/);
      const bag = deployment.model.relationData(RELATION, SINK);
      expect([bag.port, bag.protocol]).toEqual([undefined, undefined]);
      expect(await statusUntil(deployment, AGENT, (s) => s.status === 'waiting', 'the agent buffering')).toEqual(BUFFERING);
    } finally {
      chmodSync(events, 0o700);
    }
    // Sent while the sink is withdrawn: they wait in the agent's file channel.
    const batch = eventBatch(uniqueSeed('health-unwritable'), 300);
    expect((await sendSyslog(deployment.syslogTarget(AGENT_APP), batch.ids)).error).toBeUndefined();
    await acceptedByAgent(deployment, batch.ids.length);

    expect(await statusUntil(deployment, SINK, (s) => s.status === 'active', 'the sink Ready again')).toEqual({ status: 'active', message: 'Ready' });
    expect(deployment.model.relationData(RELATION, SINK)).toMatchObject({ port: '4141', protocol: 'avro' });
    expect(await statusUntil(deployment, AGENT, (s) => s.status === 'active', 'the agent Ready again')).toEqual({ status: 'active', message: 'Ready (1 sink)' });
    const count = await deployment.waitDelivered(batch.ids, DELIVERY_WAIT);
    console.log(formatCount('sent while the sink could not write, delivered after recovery', count));
    if (count.lost > 0) console.log(`${deployment.diagnostics(SINK)}\n${deployment.diagnostics(AGENT)}`);
    expect({ lost: count.lost, duplicated: count.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  }, REAL_TEST_TIMEOUT_MS * 2);

  test("the sink's Flume stops behind its charm's back: the agent waits, buffering, with Flume's reason; recovery delivers", async () => {
    const deployment = world();
    const service = `flume-${SINK_APP}`;
    // SIGTERM: Flume exits cleanly (status 143 is success for the unit), so systemd's Restart=on-failure leaves it down.
    expect(deployment.model.killService(SINK, service, 'SIGTERM')).toBe(true);
    await waitUntil(() => deployment.model.service(SINK, service)?.activeState, (state) => state !== 'active', { timeoutMs: 60_000, what: 'the sink Flume to stop' });
    const batch = eventBatch(uniqueSeed('health-stopped'), 300);
    expect((await sendSyslog(deployment.syslogTarget(AGENT_APP), batch.ids)).error).toBeUndefined();
    await acceptedByAgent(deployment, batch.ids.length);
    // Only the agent looks: its avro sink keeps failing while the events wait in its channel.
    const waiting = await statusUntil(deployment, AGENT, (s) => s.status === 'waiting', 'the agent waiting');
    console.log(`agent, its sink's Flume stopped: ${waiting.status} "${waiting.message}"`);
    expect(waiting.message).toMatch(/^No sink delivering; buffering events: .+/);

    // The sink's own next hook sees its Flume down: blocked, withdrawn; the agent then buffers without a sink.
    const down = await statusUntil(deployment, SINK, (s) => s.status === 'blocked', 'the sink blocked');
    expect(down.message).toMatch(/^Flume is not running/);
    expect(deployment.model.relationData(RELATION, SINK).port).toBeUndefined();

    expect((await deployment.model.runAction(SINK, 'start-flume')).status).toBe('completed');
    await deployment.settle();
    expect(await statusUntil(deployment, SINK, (s) => s.status === 'active', 'the sink Ready again')).toEqual({ status: 'active', message: 'Ready' });
    expect(await statusUntil(deployment, AGENT, (s) => s.status === 'active', 'the agent Ready again')).toEqual({ status: 'active', message: 'Ready (1 sink)' });
    const count = await deployment.waitDelivered(batch.ids, DELIVERY_WAIT);
    console.log(formatCount("sent while the sink's Flume was down, delivered after start-flume", count));
    if (count.lost > 0) console.log(`${deployment.diagnostics(SINK)}\n${deployment.diagnostics(AGENT)}`);
    // Flume stopped cleanly before these were sent: nothing was in flight, so nothing may arrive twice.
    expect({ lost: count.lost, duplicated: count.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  }, REAL_TEST_TIMEOUT_MS * 2);

  test('remove-unit: the stop hook stops and disables Flume and removes its unit; no process of it is left (issue 14 item 5)', async () => {
    const deployment = world();
    const service = `flume-${SINK_APP}`;
    const pid = deployment.model.service(SINK, service)?.mainPid ?? 0;
    expect(pid).toBeGreaterThan(0);
    deployment.model.removeUnit(SINK);
    await deployment.settle();
    const stop = deployment.model.hookRuns.find((r) => r.unit === SINK && r.hook === 'stop');
    expect(stop?.ok).toBe(true);
    expect(deployment.model.service(SINK, service)).toMatchObject({ activeState: 'inactive', enabled: false, unitFileExists: false });
    expect(processExists(pid)).toBe(false);
    expect(await statusUntil(deployment, AGENT, (s) => s.status === 'waiting', 'the agent buffering')).toEqual(BUFFERING);
  }, REAL_TEST_TIMEOUT_MS);
});

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
