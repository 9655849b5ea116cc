// Scenario 1: deploy both charms, relate them; both end active and the agent sends to the sink unit.
import { agentSinkGroup, agentSinks, expectedAvroSink, sinkSource } from './flow-readers';
import { writeFileSync } from 'node:fs';
import { AGENT, confPath, SINK, usePairCharms, useWorld } from './pair-world';

const charms = usePairCharms();

describe('scenario 1: flume-syslog related to flume-hdfs', () => {
  // A non-default port, so that a hard-coded 4141 anywhere shows.
  const world = useWorld(charms, {
    apps: {
      [SINK]: { charm: SINK, config: { sink_type: 'file', source_port: 4545 } },
      [AGENT]: { charm: AGENT },
    },
  });

  test('before the relation: the agent asks for a sink, the sink waits for an agent', () => {
    const state = world().observe();
    expect(state.unit(`${AGENT}/0`).workload).toEqual({ status: 'blocked', message: 'Waiting for relation to Flume Sink' });
    expect(state.unit(`${SINK}/0`).workload).toEqual({ status: 'waiting', message: 'Waiting for a Flume agent to become available' });
  });

  test('relate: both units end active, each with its Flume service running', async () => {
    const { after } = await world().when((model) => model.relate(`${AGENT}:flume-agent`, `${SINK}:flume-agent`));
    expect(after.unit(`${SINK}/0`).workload).toEqual({ status: 'active', message: 'Ready' });
    expect(after.unit(`${AGENT}/0`).workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
    expect(after.unit(`${SINK}/0`).service?.active).toBe(true);
    expect(after.unit(`${AGENT}/0`).service?.active).toBe(true);
  });

  test("the agent's flume.conf sends to the sink unit's address and source_port", () => {
    const state = world().observe();
    const sink = state.unit(`${SINK}/0`);
    expect(sink.address).toMatch(/^127\.0\.1\.\d+$/);
    expect(agentSinks(state.unit(`${AGENT}/0`))).toEqual([expectedAvroSink(sink.address, 4545)]);
    expect(agentSinkGroup(state.unit(`${AGENT}/0`))).toBeUndefined();
  });

  test("the sink listens where the agent sends: an avro source on source_port, that port opened", () => {
    const sink = world().observe().unit(`${SINK}/0`);
    expect(sinkSource(sink)).toEqual({ type: 'avro', port: '4545', compression: 'none' });
    expect(sink.ports).toEqual(['4545/tcp']);
  });

  // Last, because it breaks the agent's file: every step of every scenario relies on this check.
  test('(harness) a unit holding a flume.conf that fails the checker fails the step', () => {
    const path = world().model.unitPath(`${AGENT}/0`, confPath(AGENT));
    writeFileSync(path, 'a1.sources = r1\na1.channels = c1\na1.sources.r1.type = avro\n');
    expect(() => world().observe()).toThrow(/flume-syslog\/0: the rendered \/etc\/flume\/flume-syslog\/flume.conf fails the checker/);
  });
});
