// Issue 4: one relation-changed on the agent costs O(1) hook-tool calls, whatever the number of sink units.
import '../test/charms/flume-agent-test/src/handlers';
import { FakeUnit } from '../../reactive/test/support/fake-unit';

const REL = 'flume-agent:0';

/** Joins `units` sink units, then counts the tool calls of one relation-changed of the last of them. */
async function callsOfOneRelationChanged(units: number): Promise<string[]> {
  const agent = new FakeUnit('flume-syslog/0');
  try {
    await agent.runOk('install');
    for (let n = 0; n < units; n++) await agent.join(REL, `flume-hdfs/${n}`, { port: '4141', protocol: 'avro' });
    const last = `flume-hdfs/${units - 1}`;
    // New data that leaves the chosen sink as it is, so both runs do the same work apart from the unit count.
    await agent.change(REL, last, { port: '4141', protocol: 'avro', 'compression-type': 'none' });
    expect(agent.flags()).toContain('flume-agent.available');
    return agent.calls.map((call) => [call.tool, ...call.args].join(' '));
  } finally {
    agent.cleanup();
  }
}

it('one relation-changed makes the same hook-tool calls with 1 and with 50 sink units', async () => {
  const one = await callsOfOneRelationChanged(1);
  const fifty = await callsOfOneRelationChanged(50);
  expect(fifty.length).toBe(one.length);
  // Only the unit of the hook is read.
  expect(fifty.filter((line) => line.startsWith('relation-get'))).toEqual([`relation-get --format=json -r ${REL} - flume-hdfs/49`]);
  expect(one.filter((line) => line.startsWith('relation-get'))).toEqual([`relation-get --format=json -r ${REL} - flume-hdfs/0`]);
});
