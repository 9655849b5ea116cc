// Scenario 7 (issue 14 item 7): a sink that stops serving withdraws its address. The agent, which would
// otherwise say Ready while every event it forwards is refused, shows that it buffers; both recover together.
import { agentSinks, expectedAvroSink } from './flow-readers';
import { AGENT, SINK, usePairCharms, useWorld } from './pair-world';

const charms = usePairCharms();
const agent = `${AGENT}/0`;
const BUFFERING = { status: 'waiting', message: 'No Flume sink available; buffering events' };
const RELATION = `${AGENT}:flume-agent ${SINK}:flume-agent`;

describe('scenario 7: the only sink is stopped by stop-flume, then started again', () => {
  const world = useWorld(charms, {
    apps: { [SINK]: { charm: SINK, config: { sink_type: 'file' } }, [AGENT]: { charm: AGENT } },
    relations: [[AGENT, SINK]],
  });

  test('stop-flume on the sink: its port and protocol leave the databag; the agent buffers on its running Flume', async () => {
    const { after, starts } = await world().when(async (model) => {
      expect((await model.runAction(`${SINK}/0`, 'stop-flume')).status).toBe('completed');
    });
    expect(after.unit(`${SINK}/0`).workload).toEqual({ status: 'blocked', message: 'Flume stopped by the stop-flume action; run start-flume' });
    expect(after.unit(`${SINK}/0`).service?.active).toBe(false);
    const bag = world().model.relationData(RELATION, `${SINK}/0`);
    expect([bag.port, bag.protocol]).toEqual([undefined, undefined]);
    const view = after.unit(agent);
    expect(view.workload).toEqual(BUFFERING);
    expect(agentSinks(view)).toEqual([]);
    expect(view.service?.active).toBe(true); // syslog clients still send; the durable channel keeps their events
    expect(starts(agent)).toBe(1); // restarted onto the flow without a sink
  });

  test('start-flume on the sink: published again, the agent sends to it again and is Ready', async () => {
    const { after } = await world().when(async (model) => {
      expect((await model.runAction(`${SINK}/0`, 'start-flume')).status).toBe('completed');
    });
    expect(after.unit(`${SINK}/0`).workload).toEqual({ status: 'active', message: 'Ready' });
    const view = after.unit(agent);
    expect(view.workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
    expect(agentSinks(view)).toEqual([expectedAvroSink(after.unit(`${SINK}/0`).address, 4141)]);
  });
});

describe('scenario 7b: one of two sinks stops serving', () => {
  const world = useWorld(charms, {
    apps: { [SINK]: { charm: SINK, units: 2, config: { sink_type: 'file' } }, [AGENT]: { charm: AGENT } },
    relations: [[AGENT, SINK]],
  });

  test('the agent sends only to the sink still serving, and stays Ready; back to two when it returns', async () => {
    const stopped = await world().when((model) => model.runAction(`${SINK}/1`, 'stop-flume'));
    expect(stopped.after.unit(agent).workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
    expect(agentSinks(stopped.after.unit(agent))).toEqual([expectedAvroSink(stopped.after.unit(`${SINK}/0`).address, 4141)]);
    const started = await world().when((model) => model.runAction(`${SINK}/1`, 'start-flume'));
    expect(started.after.unit(agent).workload).toEqual({ status: 'active', message: 'Ready (2 sinks)' });
  });
});
