// Scenario 4: two agent applications (flume-syslog and a second deploy of the same charm) send to one sink.
import { agentSinks, expectedAvroSink } from './flow-readers';
import { AGENT, SINK, usePairCharms, useWorld } from './pair-world';

const charms = usePairCharms();
const AGENT_B = `${AGENT}-b`;
const sink = `${SINK}/0`;

describe('scenario 4: two agent applications related to one sink', () => {
  const world = useWorld(charms, {
    apps: {
      [SINK]: { charm: SINK, config: { sink_type: 'file', source_port: 4646 } },
      [AGENT]: { charm: AGENT },
      [AGENT_B]: { charm: AGENT, units: 2, config: { source_type: 'syslogtcp', source_port: '5514', event_dir: 'second' } },
    },
    relations: [[AGENT, SINK]],
  });

  test('the second agent relates: both agents active and sending to the sink', async () => {
    const { before, after, starts } = await world().when((model) => model.relate(`${AGENT_B}:flume-agent`, `${SINK}:flume-agent`));
    const address = after.unit(sink).address;
    // Nothing the sink renders depends on its agents: a second one restarts nothing there.
    expect(after.unit(sink).conf).toBe(before.unit(sink).conf);
    expect(starts(sink)).toBe(0);
    expect(starts(`${AGENT}/0`)).toBe(0);
    const agents = [...after.appUnits(AGENT), ...after.appUnits(AGENT_B)].map((unit) => unit.name);
    expect(agents).toEqual([`${AGENT}/0`, `${AGENT_B}/0`, `${AGENT_B}/1`]);
    for (const agent of agents) {
      expect({ agent, status: after.unit(agent).workload }).toEqual({ agent, status: { status: 'active', message: 'Ready (1 sink)' } });
      expect({ agent, sends: agentSinks(after.unit(agent)) }).toEqual({ agent, sends: [expectedAvroSink(address, 4646)] });
      expect(after.unit(agent).service?.active).toBe(true);
    }
  });

  test('the sink is active "Ready", publishes the same settings to both agents, and one avro source serves both', () => {
    const state = world().observe();
    expect(state.unit(sink).workload).toEqual({ status: 'active', message: 'Ready' });
    const bags = [...state.unit(sink).databags.values()];
    expect(bags).toHaveLength(2);
    for (const bag of bags) expect(bag).toEqual(expect.objectContaining({ port: '4646', protocol: 'avro', 'compression-type': 'none' }));
    expect(state.unit(sink).ports).toEqual(['4646/tcp']);
    expect(state.status(SINK)).toEqual({ status: 'active', message: 'Ready' });
  });

  test('each agent keeps its own source: udp 514 for one, tcp 5514 (event_dir "second") for both units of the other', () => {
    const state = world().observe();
    expect(state.unit(`${AGENT}/0`).ports).toEqual(['514/udp']);
    for (const unit of state.appUnits(AGENT_B)) {
      expect(unit.ports).toEqual(['5514/tcp']);
      const [source] = unit.flow?.sources.values() ?? [];
      expect(source).toEqual(expect.objectContaining({ type: 'syslogtcp', port: '5514', 'interceptors.event-dir.value': 'second' }));
    }
  });
});
