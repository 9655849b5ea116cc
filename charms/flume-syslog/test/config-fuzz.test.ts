// 500 generated values for every option (fixed seed): parsing never throws, a refusal names the option, and an
// accepted value renders a flume.conf with exactly the keys its configuration calls for, passing the checker.
import { createPrng } from '@flume-charms/tests';
import * as path from 'node:path';
import { checkFlumeConfig, flumeLayout, parseProperties } from '@flume-charms/flume';
import { parseConfig } from '../src/config';
import { planFlow } from '../src/flow-plan';
import { AGENT_NAME, renderAgentFiles } from '../src/render';
import { defaultConfig } from './support/config-fixtures';

// Seeded (mulberry32), so every run tries the same cases.
const seededRandom = (seed: number): (() => number) => createPrng(seed).next;

const TEMPLATES = path.join(__dirname, '..', 'templates');
const PIECES = ['514', '5140', '0', '65535', '65536', '-1', ' ', '\n', '\r', '\t', '=', ':', '\\', '${', '#', '!', '/', '..', 'a1.sinks = x',
  'true', 'false', 'hostname', 'priority', 'load_balance', 'failover', 'none', 'file', 'memory', 'syslogtcp', 'multiport_syslogtcp',
  '256m', '1g', '\u00e9', '\ud800', '\u2028', 'x'.repeat(300), '1e3', '0x10', '1.5', 'null'];


function generate(next: () => number): unknown {
  const roll = next();
  if (roll < 0.05) return null;
  if (roll < 0.2) return Math.floor(next() * 140000) - 1000;
  if (roll < 0.25) return next() * 10;
  const parts = 1 + Math.floor(next() * 3);
  let text = '';
  for (let i = 0; i < parts; i += 1) text += PIECES[Math.floor(next() * PIECES.length)] as string;
  return text;
}

/**
 * The keys a configuration must render with one sink, and nothing else. sink_processor=none (replicating) gives
 * the sink a channel named after its unit, and drains the main channel through drain-main.
 */
function expectedKeys(sourceType: string, file: boolean, replicating: boolean): string[] {
  const source = ['type', 'host', ...(sourceType === 'multiport_syslogtcp' ? ['ports', 'batchSize'] : ['port']), 'keepFields', 'channels',
    ...(replicating ? ['selector.type', 'selector.optional'] : []), 'interceptors', 'interceptors.event-dir.type', 'interceptors.event-dir.key', 'interceptors.event-dir.value'];
  const channel = ['type', 'capacity', 'transactionCapacity', ...(file ? ['checkpointDir', 'dataDirs'] : [])];
  const sink = ['type', 'channel', 'hostname', 'port', 'batch-size', 'compression-type'];
  const channels = replicating ? ['chan-main', 'chan-flume-hdfs-0'] : ['chan-main'];
  const replica = replicating ? ['a1.channels.chan-flume-hdfs-0.keep-alive'] : [];
  const sinks = replicating ? ['sink-flume-hdfs-0', 'drain-main'] : ['sink-flume-hdfs-0'];
  return ['a1.sources', 'a1.channels', 'a1.sinks', ...source.map((k) => `a1.sources.syslog.${k}`),
    ...channels.flatMap((c) => channel.map((k) => `a1.channels.${c}.${k}`)), ...replica, ...sinks.flatMap((n) => sink.map((k) => `a1.sinks.${n}.${k}`))].sort();
}

test('500 generated values per option', async () => {
  const next = seededRandom(7);
  const layout = flumeLayout('flume-syslog');
  const sinks = [{ unit: 'flume-hdfs/0', host: '10.0.0.10', port: 4141, protocol: 'avro' as const, compression: 'none' as const }];
  let accepted = 0;
  for (const option of Object.keys(defaultConfig())) {
    for (let i = 0; i < 500; i += 1) {
      const value = generate(next);
      const result = parseConfig({ ...defaultConfig(), [option]: value });
      if (!result.ok) {
        // Cross-option rules (capacity vs transaction capacity) name both options.
        expect(`${result.error.option}: ${result.error.reason}`).toContain(option);
        continue;
      }
      accepted += 1;
      const cfg = result.config;
      const text = (await renderAgentFiles(TEMPLATES, 'flume-syslog', cfg, layout, planFlow(cfg, sinks))).flumeConf;
      expect(checkFlumeConfig(text, AGENT_NAME).errors).toEqual([]);
      const keys = parseProperties(text).entries.map((e) => e.key).sort();
      expect(keys).toEqual(expectedKeys(cfg.sourceType, cfg.channelType === 'file', cfg.sinkProcessor === 'none'));
    }
  }
  expect(accepted).toBeGreaterThan(100);
});
