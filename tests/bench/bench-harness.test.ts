// The bench harness on tiny inputs (juju-sim's probe charm, 1–2 units, 1–2 repetitions).
// Only the SHAPE of the results is asserted, never a timing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCharm } from '@flume-charms/charm-build';
import { Model } from '@flume-charms/juju-sim';
import type { DefaultSetting } from '@flume-charms/flume';
import type { PairSpec } from './harness/charm-spec';
import { measureExecaCost } from './harness/attribution';
import { measureColdLoad } from './harness/cold-load';
import { checkDefaults, renderedValues, splitProperties, valueForCharm } from './harness/defaults';
import { provideNode18 } from './harness/node18';
import { measureOutside, type NodeRuntime } from './harness/outside';
import { measureOverhead } from './harness/overhead';
import { interleave, rusageAvailable } from './harness/process-time';
import { formatTable, measured, quoted, verdictOf } from './harness/report';
import { measureScale } from './harness/scale';
import { lightSink, REPO_ROOT } from './harness/setup';
import { measureRoundTrip, measureSimLifecycle } from './harness/simulator';
import { median, pairedRatios, summarize } from './harness/stats';
import { countFanIn, countLifecycleCalls } from './harness/tool-calls';

const PROBE = join(REPO_ROOT, 'packages', 'juju-sim', 'test', 'charms', 'probe');
const probePair: PairSpec = {
  sink: { charm: PROBE, app: 'left', endpoint: 'db', configChange: { message: 'changed' } },
  agent: { charm: PROBE, app: 'right', endpoint: 'backend', configChange: { message: 'changed too' } },
};

const MINI_CHARM = join(REPO_ROOT, 'packages', 'charm-build', 'test', 'fixtures', 'mini-charm');
const thisNode: NodeRuntime = { label: 'this node', node: process.execPath, env: {} };
const finite = expect.any(Number);
const summaryShape = { n: expect.any(Number), median: finite, min: finite, max: finite };

describe('statistics and the table', () => {
  test('median, paired ratios and summaries', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(pairedRatios([2, 9], [1, 3])).toEqual([2, 3]);
    expect(() => pairedRatios([1], [1, 2])).toThrow(/differ in length/);
    expect(summarize([5, 1, 3])).toEqual({ n: 3, median: 3, min: 1, max: 5 });
  });

  test('interleave alternates which series goes first', async () => {
    const order: string[] = [];
    const { a, b } = await interleave(3, async () => order.push('a'), async () => order.push('b'));
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(3);
  });

  test('verdicts, and a table with one line per row plus header and rule', () => {
    expect(verdictOf(1.5, { op: '<=', limit: 1.5 })).toBe('ok');
    expect(verdictOf(5, { op: '<', limit: 5 })).toBe('MISS');
    expect(verdictOf(Number.NaN, { op: '<', limit: 5 })).toBe('MISS');
    const rows = [measured('1', 'x', 2, '×', { op: '<=', limit: 1.5 }), measured('2', 'y', 3, ''), quoted('1', 'ref', '3.4–4.3', '×', 'quoted')];
    expect(rows.map((r) => r.verdict)).toEqual(['MISS', 'info', 'quoted']);
    const lines = formatTable(rows).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toContain('MISS');
    expect(lines[4]).toContain('quoted, not measured here');
  });
});

describe('figure 6 cross-check', () => {
  test('per-charm values, split properties and rendered values (comments ignored)', () => {
    expect(valueForCharm('512m (flume-hdfs), 256m (flume-syslog)', 'flume-syslog')).toBe('256m');
    expect(valueForCharm('1000', 'flume-hdfs')).toBe('1000');
    expect(splitProperties('sinks.SINK.hdfs.rollInterval / rollSize')).toEqual(['sinks.SINK.hdfs.rollInterval', 'sinks.SINK.hdfs.rollSize']);
    const conf = '# a1.channels.c.capacity = 1\na1.channels.c.capacity = 100000\na1.sinks.k1.hdfs.batchSize = 1000\n';
    expect(renderedValues('channels.CHANNEL.capacity', [conf])).toEqual(['100000']);
    expect(renderedValues('JAVA_OPTS -Xms/-Xmx', ['# default -Xmx20m\nexport JAVA_OPTS="-Xms512m -Xmx512m"'])).toEqual(['512m']);
  });

  test('match, mismatch, not rendered and n/a', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-defaults-'));
    writeFileSync(join(dir, 'charmcraft.yaml'), 'config:\n  options:\n    cap: {type: int, default: 100}\n    batch: {type: int, default: 7}\n');
    const settings: DefaultSetting[] = [
      { option: 'cap', property: 'channels.CHANNEL.capacity', value: '100', flumeDefault: '1000', appliesTo: 'flume-hdfs', reason: 'r' },
      { option: 'batch', property: 'sinks.SINK.batchSize', value: '10', flumeDefault: '100', appliesTo: 'flume-hdfs', reason: 'r' },
      { property: 'channels.CHANNEL.keepAlive', value: '3', flumeDefault: '3', appliesTo: 'flume-hdfs', reason: 'r' },
    ];
    let rows: ReturnType<typeof checkDefaults>;
    try {
      rows = checkDefaults({
        settings,
        charms: { 'flume-hdfs': dir },
        rendered: { 'flume-hdfs': { '/etc/flume.conf': 'a.channels.c.capacity = 100\na.sinks.k.batchSize = 7\n' } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(rows.map((r) => r.checks.map((c) => [c.charmcraft, c.rendered]))).toEqual([
      [['match', 'match']],
      [['mismatch: batch=7', 'mismatch: 7']],
      [['n/a', 'n/a']],
    ]);
  });
});

describe('figures against the simulator, on the probe charm', () => {
  test('figure 1: overhead per app, with call counts and paired ratios', async () => {
    const results = await measureOverhead({ pair: probePair, reps: 2, roundTripMs: 1 });
    expect(results.map((r) => r.app)).toEqual(['left', 'right']);
    for (const r of results) {
      expect(r).toMatchObject({ reps: 2, hookWallMs: summaryShape, nodeBaselineMs: summaryShape, netMs: summaryShape, ratio: finite, roundTripMs: 1 });
      expect(r.hookWallMs.n).toBe(2);
      expect(Number.isInteger(r.hookToolCalls)).toBe(true);
      expect(r.calls).toHaveLength(r.hookToolCalls + r.machineCommands);
    }
  });

  test('figure 1, outside: the recorded calls are replayed with stub tools, one result per app and runtime', async () => {
    const results = await measureOutside({ pair: probePair, reps: 2, runtimes: [thisNode] });
    expect(results.map((r) => [r.app, r.runtime])).toEqual([['left', 'this node'], ['right', 'this node']]);
    for (const r of results) {
      expect(r).toMatchObject({ reps: 2, hookWallMs: summaryShape, toolOwnMs: summaryShape, netMs: summaryShape, nodeBaselineMs: summaryShape, ratio: finite });
      // CPU times need python3's wait4; without it they are NaN and the bench leaves the row out.
      if (rusageAvailable()) expect(r.cpu).toMatchObject({ hookMs: summaryShape, toolOwnMs: summaryShape, nodeBaselineMs: summaryShape, ratio: finite });
      expect(r.calls.length).toBeGreaterThan(0);
      expect(r.replayedCalls).toEqual(r.calls);
    }
  });

  test('figure 2: every lifecycle phase is counted, and fan-in reports per-hook calls', async () => {
    const lifecycle = await countLifecycleCalls({ pair: probePair, renderedFiles: ['trace.log', 'no-such-file'] });
    expect(new Set(lifecycle.hooks.map((h) => h.phase))).toEqual(new Set(['deploy', 'relate', 'scale', 'config change', 'remove unit']));
    for (const h of lifecycle.hooks) {
      expect(h.runs).toBeGreaterThan(0);
      expect(h.hookToolCalls.max).toBeGreaterThanOrEqual(h.hookToolCalls.min);
    }
    expect(Object.keys(lifecycle.rendered)).toEqual(['left', 'right']);
    expect(Object.keys(lifecycle.rendered['left'] ?? {})).toEqual(['trace.log']);
    const fanIn = await countFanIn({ pair: probePair, sinkUnits: 2 });
    expect(fanIn).toMatchObject({ sinkUnits: 2, meanCalls: finite, maxCalls: finite, lastCalls: finite });
    expect(fanIn.runs).toBeGreaterThanOrEqual(2);
  });

  test('the light sink publishes the flume-agent keys to a requirer', async () => {
    const requirer = mkdtempSync(join(tmpdir(), 'bench-requirer-'));
    writeFileSync(join(requirer, 'metadata.yaml'), 'name: requirer\nrequires:\n  flume-agent:\n    interface: flume-agent\n');
    mkdirSync(join(requirer, 'hooks'));
    writeFileSync(join(requirer, 'dispatch'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const sink = lightSink();
    const model = await Model.create();
    try {
      await model.deploy(sink.charm, { name: sink.app });
      await model.deploy(requirer, { name: 'requirer' });
      const id = model.relate('requirer:flume-agent', `${sink.app}:flume-agent`);
      expect((await model.settle()).errors).toEqual([]);
      expect(model.relationData(id, `${sink.app}/0`)).toMatchObject({ port: '4141', protocol: 'avro', 'compression-type': 'none' });
    } finally {
      await model.destroy();
      rmSync(requirer, { recursive: true, force: true });
    }
  });

  test('figure 3: scale runs both sizes and pairs their ratios', async () => {
    const result = await measureScale({ pair: probePair, small: 1, large: 2, reps: 1 });
    expect(result).toMatchObject({ small: 1, large: 2, reps: 1, smallWallMs: summaryShape, largeWallMs: summaryShape, ratio: finite });
    expect(result.largeHooks).toBeGreaterThan(result.smallHooks);
  });

  test('figure 5: round trip and the scripted lifecycle', async () => {
    const trip = await measureRoundTrip(5);
    expect(trip).toMatchObject({ calls: 5, medianMs: finite, p90Ms: finite });
    const life = await measureSimLifecycle({ pair: probePair, units: 2, reps: 1 });
    expect(life).toMatchObject({ units: 2, reps: 1, wallMs: summaryShape });
    expect(life.hooks).toBeGreaterThan(0);
  });
});

describe('process-level figures', () => {
  test('figure 4: cold load with and without the code cache, and without names, of a charm built by charm-build', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-cold-'));
    try {
      const built = await buildCharm({ charmDir: MINI_CHARM, outDir: out });
      const [result, ...rest] = await measureColdLoad({ name: 'mini', charmSource: MINI_CHARM, dist: join(built.charmTree, 'dist'), runtimes: [thisNode], reps: 1 });
      expect(rest).toEqual([]);
      expect(result).toMatchObject({ name: 'mini', runtime: 'this node', reps: 1, bundleNoCacheMs: finite, entryWithCacheMs: finite, entryCacheOffMs: finite, bundleNoNamesMs: finite });
      expect(result?.codeCache).toBe('accepted');
      expect(result?.bundleBytes).toBe(built.bundleBytes);
      expect(result?.noNamesBytes).toBeGreaterThan(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('node 18: unavailable without fetching says why; BENCH_NODE18=off skips it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'bench-node18-'));
    try {
      const missing = provideNode18({ cacheDir: join(empty, 'none'), fetch: false });
      expect(missing).toEqual({ available: false, reason: expect.stringContaining('is missing') });
      process.env.BENCH_NODE18 = 'off';
      expect(provideNode18({ cacheDir: empty, fetch: true })).toEqual({ available: false, reason: 'BENCH_NODE18=off' });
    } finally {
      delete process.env.BENCH_NODE18;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('figure 1 attribution: execa against spawn', async () => {
    const cost = await measureExecaCost({ reps: 1, execaFrom: join(REPO_ROOT, 'packages', 'flume') });
    expect(cost).toMatchObject({ reps: 1, importMs: finite, firstCallMs: finite, spawnFirstCallMs: finite });
  });
});
