// Scenario 5: the relation goes away. The agent keeps Flume running on its durable channel and says it is
// buffering; related again, it sends to the sink again from the same channel, so the buffer drains.
import { agentSinks, channelDirs, expectedAvroSink } from './flow-readers';
import { AGENT, SINK, usePairCharms, useWorld } from './pair-world';

const charms = usePairCharms();
const sink = `${SINK}/0`;
const agent = `${AGENT}/0`;
const BUFFERING = { status: 'waiting', message: 'No Flume sink available; buffering events' };

describe('scenario 5: removing the relation, then relating again', () => {
  const world = useWorld(charms, {
    apps: { [SINK]: { charm: SINK, config: { sink_type: 'file' } }, [AGENT]: { charm: AGENT } },
    relations: [[AGENT, SINK]],
  });
  let channelsWhileRelated: ReturnType<typeof channelDirs> | undefined;

  test('related: the agent sends to the sink through a durable file channel', () => {
    const state = world().observe();
    expect(agentSinks(state.unit(agent))).toEqual([expectedAvroSink(state.unit(sink).address, 4141)]);
    channelsWhileRelated = channelDirs(state.unit(agent));
    expect(Object.values(channelsWhileRelated).map((c) => c.type)).toEqual(['file']);
  });

  test('relation removed: Flume keeps running with the source and the same file channel, and no sink', async () => {
    const { after, starts } = await world().when((model) => model.removeRelation(`${AGENT}:flume-agent ${SINK}:flume-agent`));
    const view = after.unit(agent);
    expect(view.workload).toEqual(BUFFERING);
    expect(view.service?.active).toBe(true);
    expect(starts(agent)).toBe(1);
    expect(agentSinks(view)).toEqual([]);
    expect(view.flow?.sources.size).toBe(1);
    expect(view.ports).toEqual(['514/udp']); // syslog clients can still send: their events buffer
    expect(channelDirs(view)).toEqual(channelsWhileRelated);
    // The sink's Flume keeps listening for agents to come back; nothing it renders changed.
    expect(after.unit(sink).service?.active).toBe(true);
    expect(starts(sink)).toBe(0);
    expect(after.unit(sink).workload).toEqual({ status: 'active', message: 'Ready' });
  });

  test('update-status while buffering: still waiting and buffering, nothing restarts', async () => {
    const { after, starts } = await world().when((model) => model.updateStatus());
    expect(after.unit(agent).workload).toEqual(BUFFERING);
    expect(starts(agent)).toBe(0);
  });

  test('related again: active, sending to the sink from the same channel (the buffer drains there)', async () => {
    const { after, starts } = await world().when((model) => model.relate(`${AGENT}:flume-agent`, `${SINK}:flume-agent`));
    const view = after.unit(agent);
    expect(view.workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
    expect(agentSinks(view)).toEqual([expectedAvroSink(after.unit(sink).address, 4141)]);
    expect(channelDirs(view)).toEqual(channelsWhileRelated);
    expect(view.service?.active).toBe(true);
    expect(starts(agent)).toBe(1);
    expect(after.unit(sink).workload).toEqual({ status: 'active', message: 'Ready' });
    expect(starts(sink)).toBe(0);
  });
});
