// Scenario 6: wire compatibility. The agent meets a sink unit whose databag is exactly what the Python
// flume-hdfs charm left: port, protocol and private-address, with no compression-type and no
// ingress-address (tests/pair/charms/python-sink plays that unit).
import { agentSinks } from './flow-readers';
import { AGENT, usePairCharms, useWorld } from './pair-world';

const charms = usePairCharms();
const PYTHON_SINK = 'python-sink';
const sink = `${PYTHON_SINK}/0`;
const agent = `${AGENT}/0`;

describe("scenario 6: the agent against the Python charm's databag", () => {
  const world = useWorld(charms, {
    apps: { [PYTHON_SINK]: { charm: 'python-sink', config: { port: '4343' } }, [AGENT]: { charm: AGENT } },
    relations: [[AGENT, PYTHON_SINK]],
  });

  test('the sink unit publishes exactly the three keys of the Python charm', () => {
    const state = world().observe();
    expect(state.published(sink)).toEqual({ port: '4343', protocol: 'avro', 'private-address': state.unit(sink).address });
  });

  test('the agent is active and sends over avro to private-address:port, with compression-type none', () => {
    const state = world().observe();
    expect(state.unit(agent).workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
    expect(state.unit(agent).service?.active).toBe(true);
    expect(agentSinks(state.unit(agent))).toEqual([
      { type: 'avro', hostname: state.published(sink)['private-address'], port: '4343', compression: 'none' },
    ]);
  });

  test('the old charm changes its port: the agent follows', async () => {
    const { after, starts } = await world().when((model) => model.config(PYTHON_SINK, { port: '4444' }));
    expect(agentSinks(after.unit(agent))).toEqual([{ type: 'avro', hostname: after.unit(sink).address, port: '4444', compression: 'none' }]);
    expect(starts(agent)).toBe(1);
  });

  test('the address comes from private-address: a unit that publishes another address gets events there', async () => {
    const { after } = await world().when((model) => model.config(PYTHON_SINK, { private_address: '10.20.30.40' }));
    expect(after.published(sink)).toEqual({ port: '4444', protocol: 'avro', 'private-address': '10.20.30.40' });
    expect(agentSinks(after.unit(agent))).toEqual([{ type: 'avro', hostname: '10.20.30.40', port: '4444', compression: 'none' }]);
  });
});
