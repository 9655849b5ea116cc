// Durable delivery with real Flume (file channels, the default), traffic flowing over TCP throughout:
// a config change that restarts the agent, the agent left without a sink (it buffers) until one is related
// again (the buffer drains), kill -9 of the agent's JVM and of the sink's (last: a unit that stays unhealthy
// after its crash would stop the flow for the cases after it). Lost events are counted
// over every line written to a live connection; lines written just before the agent's connection broke may
// never have been read by Flume (syslog has no acknowledgement): they are reported as unconfirmed.
import { formatCount, formatFigures, SyslogStream, uniqueSeed, waitFor, type StreamResult } from '../support';
import type { RealDeployment } from '../support/real-deployment';
import { SINK_APP } from '../support/real-deployment';
import { describeWithRealFlume, REAL_TEST_TIMEOUT_MS, useRealDeployment } from './real-suite';

const AGENT = 'flume-syslog';
const SINK = `${SINK_APP}/0`;
const AGENT_UNIT = `${AGENT}/0`;
/** Lines the stream sends before and after each event (about 200 lines/s). */
const LINES_AROUND = 400;

/** Counts a stream's lines; prints the one-line summary; returns lost among confirmed lines. */
async function settleAndCount(deployment: RealDeployment, scenario: string, stream: StreamResult): Promise<{ lost: number; lostSample: readonly string[] }> {
  const unconfirmed = new Set(stream.unconfirmed);
  const confirmed = stream.sent.filter((id) => !unconfirmed.has(id));
  const count = await deployment.waitDelivered(confirmed);
  const inFlight = await deployment.count(stream.unconfirmed);
  console.log(`${formatCount(scenario, count)}; unconfirmed=${stream.unconfirmed.length} (of which delivered ${inFlight.delivered}), connections=${stream.connections}`);
  if (count.lost > 0) console.log(await deployment.describeAll());
  return { lost: count.lost, lostSample: count.lostSample };
}

/** After a JVM was killed and restarted by systemd, the next update-status shows every unit Ready again. */
async function expectEveryUnitReady(deployment: RealDeployment): Promise<void> {
  const rows = await deployment.statusesBesideFlume();
  expect(rows.filter((r) => !r.ready).map((r) => `${r.unit}: ${r.status} | ${r.flume}`)).toEqual([]);
}

describeWithRealFlume('real Flume: durability under kill -9, restarts and sink outages (TCP, file channels)', () => {
  const world = useRealDeployment({ name: 'real-durability', sink: { units: 1 }, agents: { [AGENT]: { source_type: 'syslogtcp' } } });

  const startStream = (deployment: RealDeployment, label: string): SyslogStream =>
    SyslogStream.start(deployment.syslogTarget(AGENT), { seed: uniqueSeed(label) });
  const linesSent = (stream: SyslogStream, atLeast: number): Promise<void> =>
    waitFor(() => stream.sentCount >= atLeast, { timeoutMs: 120_000, what: `${atLeast} lines sent` });

  test('a config change that restarts the agent mid-stream loses nothing', async () => {
    const deployment = world();
    const stream = startStream(deployment, 'restart');
    await linesSent(stream, LINES_AROUND);
    const starts = deployment.serviceStarts(AGENT_UNIT);
    await deployment.configure(AGENT, { batch_size: 500, channel_transaction_capacity: 500 });
    expect(deployment.serviceStarts(AGENT_UNIT)).toBeGreaterThan(starts);
    await deployment.waitReady();
    const afterRestart = stream.sentCount;
    await linesSent(stream, afterRestart + LINES_AROUND);
    const result = await stream.stop();
    expect(await settleAndCount(deployment, 'agent restarted by a config change', result)).toEqual({ lost: 0, lostSample: [] });
  }, REAL_TEST_TIMEOUT_MS);

  test('the last sink removed: the agent buffers and is not Ready; a sink related again: the buffer drains', async () => {
    const deployment = world();
    const stream = startStream(deployment, 'buffer');
    await linesSent(stream, LINES_AROUND);
    await deployment.unrelate(AGENT);
    await deployment.waitReady();
    const buffering = await deployment.figures(AGENT_UNIT).then(async () => {
      const mark = stream.sentCount;
      await linesSent(stream, mark + LINES_AROUND);
      return deployment.figures(AGENT_UNIT);
    });
    console.log(`agent without a sink: ${formatFigures(buffering)}`);
    expect(buffering.channelSize).toBeGreaterThan(0);
    const waiting = await deployment.statusAfterUpdate(AGENT_UNIT);
    expect(waiting.status).not.toBe('active');
    expect(waiting.message).toMatch(/buffering/i);

    await deployment.relate(AGENT);
    await deployment.waitReady();
    const mark = stream.sentCount;
    await linesSent(stream, mark + LINES_AROUND);
    const result = await stream.stop();
    expect(await settleAndCount(deployment, 'sink removed then related again', result)).toEqual({ lost: 0, lostSample: [] });
    await waitFor(async () => (await deployment.figures(AGENT_UNIT)).channelSize === 0, { timeoutMs: 120_000, what: 'the agent channel to drain' });
    const ready = await deployment.statusAfterUpdate(AGENT_UNIT);
    expect([ready.status, ready.message]).toEqual(['active', expect.stringMatching(/^Ready/)]);
  }, REAL_TEST_TIMEOUT_MS);
  test('kill -9 of the agent JVM mid-stream: every accepted event arrives', async () => {
    const deployment = world();
    const stream = startStream(deployment, 'killagent');
    await linesSent(stream, LINES_AROUND);
    const before = await deployment.figures(AGENT_UNIT);
    const pids = await deployment.killFlume(AGENT_UNIT);
    const afterRestart = stream.sentCount;
    await linesSent(stream, afterRestart + LINES_AROUND);
    const result = await stream.stop();
    console.log(`agent JVM ${pids.oldPid} killed (${formatFigures(before)}); restarted as ${pids.newPid}`);
    expect(result.connections).toBeGreaterThan(1);
    expect(await settleAndCount(deployment, 'kill -9 agent JVM', result)).toEqual({ lost: 0, lostSample: [] });
    await expectEveryUnitReady(deployment);
  }, REAL_TEST_TIMEOUT_MS);

  test('kill -9 of the sink JVM mid-stream: systemd restarts it, zero events lost', async () => {
    const deployment = world();
    const stream = startStream(deployment, 'killsink');
    await linesSent(stream, LINES_AROUND);
    const before = await deployment.figures(SINK);
    const pids = await deployment.killFlume(SINK);
    const afterRestart = stream.sentCount;
    await linesSent(stream, afterRestart + LINES_AROUND);
    const result = await stream.stop();
    console.log(`sink JVM ${pids.oldPid} killed with ${before.channelSize} events in its channel; restarted as ${pids.newPid}`);
    expect(result.connections).toBe(1); // the agent never went away
    expect(await settleAndCount(deployment, 'kill -9 sink JVM', result)).toEqual({ lost: 0, lostSample: [] });
    await expectEveryUnitReady(deployment);
  }, REAL_TEST_TIMEOUT_MS);

});
