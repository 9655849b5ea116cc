// Default configs, real Flume: syslog over TCP and over UDP reaches the sink's files, every event by its id,
// and every unit's status agrees with what its Flume did.
import { eventBatch, formatCount, formatFigures, sendSyslog, uniqueSeed } from '../support';
import { SINK_APP } from '../support/real-deployment';
import { describeWithRealFlume, REAL_TEST_TIMEOUT_MS, useRealDeployment } from './real-suite';

const UDP_AGENT = 'flume-syslog'; // every option at its default: syslogudp on 514
const TCP_AGENT = 'flume-syslog-tcp'; // the same, with source_type=syslogtcp

describeWithRealFlume('real Flume: default configs deliver', () => {
  const world = useRealDeployment({
    name: 'real-delivery',
    sink: { units: 1 },
    agents: { [UDP_AGENT]: {}, [TCP_AGENT]: { source_type: 'syslogtcp' } },
  });

  test('TCP: 1000 lines (RFC 3164 and 5424) are in the sink files, each once', async () => {
    const deployment = world();
    const batch = eventBatch(uniqueSeed('tcp'), 1000);
    const half = batch.ids.length / 2;
    const target = deployment.syslogTarget(TCP_AGENT);
    const first = await sendSyslog(target, batch.ids.slice(0, half), { format: 'rfc3164' });
    const second = await sendSyslog(target, batch.ids.slice(half), { format: 'rfc5424' });
    expect([first.error, second.error]).toEqual([undefined, undefined]);
    const count = await deployment.waitDelivered(batch.ids);
    console.log(formatCount('TCP default config', count));
    if (count.lost > 0) console.log(deployment.diagnostics(`${SINK_APP}/0`));
    expect({ lost: count.lost, lostSample: count.lostSample }).toEqual({ lost: 0, lostSample: [] });
    expect(count.delivered).toBe(1000);
    expect(count.duplicated).toBe(0);
  }, REAL_TEST_TIMEOUT_MS);

  test('UDP (paced): 1000 datagrams are in the sink files, each once', async () => {
    const deployment = world();
    const batch = eventBatch(uniqueSeed('udp'), 1000);
    const sent = await sendSyslog(deployment.syslogTarget(UDP_AGENT), batch.ids);
    expect(sent.error).toBeUndefined();
    const count = await deployment.waitDelivered(batch.ids);
    console.log(formatCount('UDP default config', count));
    if (count.lost > 0) console.log(deployment.diagnostics(`${SINK_APP}/0`));
    expect({ lost: count.lost, lostSample: count.lostSample }).toEqual({ lost: 0, lostSample: [] });
    expect(count.duplicated).toBe(0);
  }, REAL_TEST_TIMEOUT_MS);

  test('every unit says Ready only while its Flume moves events, and Flume counted what the files hold', async () => {
    const deployment = world();
    const sink = `${SINK_APP}/0`;
    const figures = {
      sink: await deployment.figures(sink),
      udp: await deployment.figures(`${UDP_AGENT}/0`),
      tcp: await deployment.figures(`${TCP_AGENT}/0`),
    };
    for (const [name, f] of Object.entries(figures)) console.log(`${name}: ${formatFigures(f)}`);
    // The agents accepted what they received and handed it all on; the sink drained all of it.
    for (const agent of [figures.udp, figures.tcp]) {
      expect(agent.accepted).toBeGreaterThanOrEqual(1000);
      expect(agent.drained).toBe(agent.accepted);
      expect(agent.channelSize).toBe(0);
    }
    expect(figures.sink.accepted).toBe(figures.udp.drained + figures.tcp.drained);
    expect(figures.sink.drained).toBe(figures.sink.accepted);
    for (const unit of [sink, `${UDP_AGENT}/0`, `${TCP_AGENT}/0`]) {
      const status = await deployment.statusAfterUpdate(unit);
      expect([unit, status.status, status.message]).toEqual([unit, 'active', expect.stringMatching(/^Ready/)]);
    }
  }, REAL_TEST_TIMEOUT_MS);
});
