// Sink names from unit names, the flow plan, and hostile sink data through the real interface validator:
// whatever a sink publishes, the rendered flume.conf has exactly the keys its configuration calls for.
import { createPrng } from '@flume-charms/tests';
import { checkFlumeConfig, flumeLayout, parseProperties } from '@flume-charms/flume';
import { loadSchema } from '@flume-charms/flume-interface';
import * as path from 'node:path';
import { parseConfig, type SyslogConfig } from '../src/config';
import { MAIN_CHANNEL, MAIN_DRAIN, planChannelOwners, planFlow, type FlowPlan, type SinkTarget } from '../src/flow-plan';
import { AGENT_NAME, renderAgentFiles } from '../src/render';
import { sinkNames, UnitNameError, unitSlug } from '../src/sink-names';
import { defaultConfig } from './support/config-fixtures';

// Seeded (mulberry32), so every run tries the same cases.
const seededRandom = (seed: number): (() => number) => createPrng(seed).next;

const TEMPLATES = path.join(__dirname, '..', 'templates');

function config(overrides: Record<string, unknown> = {}): SyslogConfig {
  const result = parseConfig({ ...defaultConfig(), ...overrides });
  if (!result.ok) throw result.error;
  return result.config;
}

describe('sink names', () => {
  test('derive from unit names', () => {
    expect(sinkNames('flume-hdfs/0')).toEqual({ unit: 'flume-hdfs/0', sink: 'sink-flume-hdfs-0', channel: 'chan-flume-hdfs-0', drain: 'drain-flume-hdfs-0' });
    expect(unitSlug('hdfs2/12')).toBe('hdfs2-12');
  });
  test('long names are shortened with a stable tag', () => {
    const app = `a${'b'.repeat(62)}`;
    const slug = unitSlug(`${app}/7`);
    expect(slug.length).toBeLessThanOrEqual(58);
    expect(unitSlug(`${app}/7`)).toBe(slug);
    expect(unitSlug(`${app}/8`)).not.toBe(slug);
  });
  test.each(['flume-hdfs', 'Flume/0', 'flume-1/0', 'a/01', 'a/0\na1.x', '../x/0', 'a b/0', ''])('%j is refused', (unit) => {
    expect(() => sinkNames(unit)).toThrow(UnitNameError);
  });
});

describe('planFlow', () => {
  const sink = (unit: string): SinkTarget => ({ unit, host: '10.0.0.1', port: 4141, protocol: 'avro', compression: 'none' });
  test('zero sinks: only the main channel', () => {
    expect(planFlow(config(), [])).toMatchObject({ channels: [{ name: MAIN_CHANNEL }], sinks: [], group: undefined, replicating: false });
  });
  test('none: every sink reads a channel named after its unit; the main channel drains to the first sink', () => {
    const plan = planFlow(config({ sink_processor: 'none' }), [sink('h/0'), sink('h/1')]);
    expect(plan.sinks.map((s) => [s.name, s.channel])).toEqual([
      ['sink-h-0', 'chan-h-0'],
      ['sink-h-1', 'chan-h-1'],
      [MAIN_DRAIN, MAIN_CHANNEL],
    ]);
    expect(plan.replicating).toBe(true);
    expect(plan.sourceChannels).toEqual(['chan-h-0', 'chan-h-1']);
    // A dead sink must not block the others: every replica channel is optional.
    expect(plan.optionalChannels).toEqual(['chan-h-0', 'chan-h-1']);
  });

  test('none: the first unit departing moves no other sink onto another channel (issue 13, defect 4)', () => {
    const cfg = config({ sink_processor: 'none' });
    const before = planFlow(cfg, [sink('h/0'), sink('h/1'), sink('h/2')]);
    const after = planFlow(cfg, [sink('h/1'), sink('h/2')], ['h/0']);
    const channelOf = (plan: FlowPlan, name: string): string | undefined => plan.sinks.find((s) => s.name === name)?.channel;
    for (const name of ['sink-h-1', 'sink-h-2']) expect(channelOf(after, name)).toBe(channelOf(before, name));
    // What h/0 left in its channel drains to the first remaining sink, once; the source no longer writes there.
    expect(after.sinks.find((s) => s.name === 'drain-h-0')).toMatchObject({ channel: 'chan-h-0', unit: 'h/1', drains: 'chan-h-0' });
    expect(after.sourceChannels).not.toContain('chan-h-0');
    expect(planChannelOwners(after)).toEqual(['h/1', 'h/2', 'h/0']);
  });

  test('retired channels wait (not rendered) while no sink is there, and a sink of their own is never retired', () => {
    const cfg = config({ sink_processor: 'none' });
    expect(planFlow(cfg, [], ['h/0'])).toMatchObject({ channels: [{ name: MAIN_CHANNEL }], sinks: [], retired: ['h/0'] });
    expect(planFlow(cfg, [sink('h/0')], ['h/0']).retired).toEqual([]);
    // load_balance: a former replica channel drains into the group's first sink.
    const lb = planFlow(config(), [sink('h/0'), sink('h/1')], ['h/0']);
    expect(lb.sinks.map((s) => s.name)).toEqual(['sink-h-0', 'sink-h-1', 'drain-h-0']);
    expect(lb.group?.sinks).toEqual(['sink-h-0', 'sink-h-1']);
  });

  test('each avro sink batches at most what its unit accepts (max-batch-size); without it, batch_size (issue 13, defect 2)', () => {
    const plan = planFlow(config({ batch_size: 1000 }), [{ ...sink('h/0'), maxBatchSize: 500 }, sink('h/1'), { ...sink('h/2'), maxBatchSize: 5000 }]);
    expect(plan.sinks.map((s) => s.batchSize)).toEqual([500, 1000, 1000]);
  });
  test('failover priorities are distinct and follow the given order', () => {
    const plan = planFlow(config({ sink_processor: 'failover' }), [sink('h/0'), sink('h/3'), sink('g/1')]);
    expect(plan.group?.priorities).toEqual([
      { sink: 'sink-h-0', priority: 1000 },
      { sink: 'sink-h-3', priority: 999 },
      { sink: 'sink-g-1', priority: 998 },
    ]);
  });
});


const NASTY = ['\n', '\r', '=', ':', '\\', '${', '#', '!', ' ', '\u2028', '\u00e9', '\ud800', 'a1.sinks = x', '\\u0041', '%{x}'];
const GOOD = { port: ['4141', '1', '65535'], protocol: ['avro', 'thrift'], 'compression-type': ['none', 'deflate'], 'ingress-address': ['10.0.0.7', 'fd00::7', 'juju-1.lxd'] };

function randomBag(next: () => number): Record<string, string> {
  const bag: Record<string, string> = {};
  for (const [key, values] of Object.entries(GOOD)) {
    const roll = next();
    if (roll < 0.1) continue; // missing key
    let value = values[Math.floor(next() * values.length)] as string;
    if (roll > 0.7) {
      const nasty = NASTY[Math.floor(next() * NASTY.length)] as string;
      const at = Math.floor(next() * (value.length + 1));
      value = value.slice(0, at) + nasty + value.slice(at);
    }
    if (roll > 0.97) value = value.repeat(100);
    bag[key] = value;
  }
  return bag;
}

describe('hostile sink data (deterministic fuzz)', () => {
  test('400 payloads: valid ones render exactly the expected keys, invalid ones never reach a sink', async () => {
    const { checkSinkData } = await loadSchema();
    const next = seededRandom(20240601);
    const cfg = config({ sink_processor: 'failover' });
    const layout = flumeLayout('flume-syslog');
    const baseline = [{ unit: 'flume-hdfs/0', host: '10.0.0.10', port: 4141, protocol: 'avro' as const, compression: 'none' as const }];
    let valid = 0;
    for (let i = 0; i < 400; i += 1) {
      const bag = randomBag(next);
      const check = checkSinkData(bag);
      if (check.kind !== 'valid') continue;
      valid += 1;
      const sinks = [...baseline, { unit: 'other/1', ...check.sink }];
      const text = (await renderAgentFiles(TEMPLATES, 'flume-syslog', cfg, layout, planFlow(cfg, sinks))).flumeConf;
      expect(checkFlumeConfig(text, AGENT_NAME).errors).toEqual([]);
      const entries = parseProperties(text).entries;
      const sinkKeys = entries.map((e) => e.key).filter((k) => k.startsWith('a1.sinks.sink-other-1.'));
      const expected = ['type', 'channel', 'hostname', 'port', 'batch-size', ...(check.sink.protocol === 'avro' ? ['compression-type'] : [])];
      expect(sinkKeys).toEqual(expected.map((k) => `a1.sinks.sink-other-1.${k}`));
      const values = new Map(entries.map((e) => [e.key, e.value]));
      expect(values.get('a1.sinks.sink-other-1.hostname')).toBe(check.sink.host);
      expect(values.get('a1.sinks')).toBe('sink-flume-hdfs-0 sink-other-1');
    }
    // The generator must exercise both sides.
    expect(valid).toBeGreaterThan(40);
    expect(valid).toBeLessThan(360);
  });
});
