// Hostile config (issue 9): 500 seeded values per option. Each one is either refused naming that option, or
// renders a flume.conf that passes the checker and holds only keys the template writes, once each.
import { createPrng } from '@flume-charms/tests';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkFlumeConfig, flumeLayout, parseProperties } from '@flume-charms/flume';
import { parseConfig } from '../src/config';
import { CONFIG_DEFAULTS } from '../src/config-defaults';
import { AGENT_NAME, renderSinkFiles } from '../src/render';

// Seeded (mulberry32), so every run tries the same cases.
const seededRandom = (seed: number): (() => number) => createPrng(seed).next;

const TEMPLATES = path.join(__dirname, '..', 'templates');
const layout = flumeLayout('flume-hdfs');
const NN = { namenodes: ['nn.example'], port: 8020 };

/** Every key flume.conf.hbs can write: the template's own `{{agent}}.KEY =` lines. */
const TEMPLATE_KEYS = new Set(
  [...readFileSync(path.join(TEMPLATES, 'flume.conf.hbs'), 'utf8').matchAll(/^\{\{(?:\.\.\/)?agent\}\}\.(\S+) =/gm)].map((m) => `${AGENT_NAME}.${m[1]}`),
);


const PIECES = ['\n', '\r', '=', ':', '\\', '${', '#', '!', ' ', '\u2028', 'é', '%{x}', '/', 'a1.sinks.k1.type', '0', '65535', 'avro', 'deflate', 'file', 'hdfs://', '512m', '-'];

function value(random: () => number, fallback: unknown): unknown {
  const r = random();
  if (r < 0.1) return fallback;
  if (r < 0.25) return Math.floor((random() - 0.3) * 10 ** Math.floor(random() * 12));
  if (r < 0.3) return [null, true, 1.5, -0, Number.MAX_SAFE_INTEGER + 2, {}][Math.floor(random() * 6)];
  const n = 1 + Math.floor(random() * 5);
  let s = '';
  for (let i = 0; i < n; i += 1) s += PIECES[Math.floor(random() * PIECES.length)];
  if (random() < 0.3) s = `/user/${s}`;
  return random() < 0.03 ? s.repeat(3000) : s;
}

describe('hostile config values (seeded fuzz)', () => {
  it.each(Object.keys(CONFIG_DEFAULTS))('500 values of %s', async (option) => {
    const random = seededRandom(Number(process.env.FUZZ_SEED ?? 7) + option.length * 7919 + option.charCodeAt(0));
    let accepted = 0;
    for (let i = 0; i < 500; i += 1) {
      const raw = { ...CONFIG_DEFAULTS, [option]: value(random, (CONFIG_DEFAULTS as Record<string, unknown>)[option]) };
      const result = parseConfig(raw);
      if (!result.ok) {
        // Cross-option rules (batch_size <= transaction capacity <= capacity) name the other option and this one.
        expect(result.option === option || result.reason.includes(option)).toBe(true);
        expect(result.reason).not.toMatch(/[\n\r]/);
        continue;
      }
      accepted += 1;
      const conf = (await renderSinkFiles(TEMPLATES, 'flume-hdfs', result.config, layout, NN)).flumeConf;
      const keys = parseProperties(conf).entries.map((e) => e.key);
      for (const key of keys) expect(TEMPLATE_KEYS.has(key)).toBe(true);
      expect(new Set(keys).size).toBe(keys.length);
      expect(checkFlumeConfig(conf, AGENT_NAME).errors).toEqual([]);
    }
    expect(accepted).toBeGreaterThan(0); // the default itself is among the values
  });
});
