// Scenario 3: the sink's published settings change (source_port, protocol, compression_type). Each change
// reaches the agent, and each side restarts Flume exactly once for it.
import { agentSinks, expectedAvroSink, sinkSource, type AgentSink, type SinkSource } from './flow-readers';
import { AGENT, SINK, usePairCharms, useWorld, type Transition } from './pair-world';

const charms = usePairCharms();
const sink = `${SINK}/0`;
const agent = `${AGENT}/0`;

/** Both sides end active, and each restarted its Flume exactly once for the change. */
function expectOneRestartEachAndActive(step: Transition): void {
  expect({ sink: step.starts(sink), agent: step.starts(agent) }).toEqual({ sink: 1, agent: 1 });
  expect(step.after.unit(sink).workload).toEqual({ status: 'active', message: 'Ready' });
  expect(step.after.unit(agent).workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
  expect(step.after.unit(sink).service?.active).toBe(true);
  expect(step.after.unit(agent).service?.active).toBe(true);
}

function ends(step: Transition): { source: SinkSource; sends: AgentSink[]; published: Readonly<Record<string, string>> } {
  return {
    source: sinkSource(step.after.unit(sink)),
    sends: agentSinks(step.after.unit(agent)),
    published: step.after.published(sink),
  };
}

describe('scenario 3: changing the sink\'s source_port, protocol and compression_type', () => {
  const world = useWorld(charms, {
    apps: { [SINK]: { charm: SINK, config: { sink_type: 'file' } }, [AGENT]: { charm: AGENT } },
    relations: [[AGENT, SINK]],
  });
  const address = (): string => world().observe().unit(sink).address;

  test('source_port 4141 -> 5151: the sink listens on 5151, the agent sends there', async () => {
    const step = await world().when((model) => model.config(SINK, { source_port: 5151 }));
    expect(ends(step)).toEqual({
      source: { type: 'avro', port: '5151', compression: 'none' },
      sends: [expectedAvroSink(address(), 5151)],
      published: expect.objectContaining({ port: '5151', protocol: 'avro' }),
    });
    expect(step.after.unit(sink).ports).toEqual(['5151/tcp']);
    expectOneRestartEachAndActive(step);
  });

  test('protocol avro -> thrift: the sink runs a thrift source, the agent a thrift sink (no compression key)', async () => {
    const step = await world().when((model) => model.config(SINK, { protocol: 'thrift' }));
    expect(ends(step)).toEqual({
      source: { type: 'thrift', port: '5151', compression: 'none' },
      sends: [{ type: 'thrift', hostname: address(), port: '5151', compression: undefined }],
      published: expect.objectContaining({ port: '5151', protocol: 'thrift' }),
    });
    expectOneRestartEachAndActive(step);
  });

  test('protocol thrift -> avro: back to an avro sink', async () => {
    const step = await world().when((model) => model.config(SINK, { protocol: 'avro' }));
    expect(ends(step).sends).toEqual([expectedAvroSink(address(), 5151)]);
    expect(ends(step).source.type).toBe('avro');
    expectOneRestartEachAndActive(step);
  });

  test('compression_type none -> deflate: both ends of the avro hop compress with deflate', async () => {
    const step = await world().when((model) => model.config(SINK, { compression_type: 'deflate' }));
    expect(ends(step)).toEqual({
      source: { type: 'avro', port: '5151', compression: 'deflate' },
      sends: [expectedAvroSink(address(), 5151, 'deflate')],
      published: expect.objectContaining({ port: '5151', protocol: 'avro', 'compression-type': 'deflate' }),
    });
    expectOneRestartEachAndActive(step);
  });

  test('thrift with deflate cannot work: the sink blocks naming the option, nothing changes or restarts', async () => {
    const step = await world().when((model) => model.config(SINK, { protocol: 'thrift' }));
    expect(step.after.unit(sink).workload).toEqual({
      status: 'blocked',
      message: expect.stringMatching(/^Invalid config: compression_type: /),
    });
    expect(step.after.unit(sink).conf).toBe(step.before.unit(sink).conf);
    expect(step.after.unit(agent).conf).toBe(step.before.unit(agent).conf);
    expect({ sink: step.starts(sink), agent: step.starts(agent) }).toEqual({ sink: 0, agent: 0 });
    expect(step.after.published(sink)).toEqual(step.before.published(sink));
    // The sink's Flume keeps its last good config running, so the agent keeps sending to it.
    expect(step.after.unit(sink).service?.active).toBe(true);
    expect(step.after.unit(agent).workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
  });
});
