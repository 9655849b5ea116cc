// The hadoop-plugin databag comes from a charm we do not control: valid data gives a view, anything else a
// reason; nothing that fails validation can reach flume.conf, and what passes cannot change its key set.
import { createPrng } from '@flume-charms/tests';
import * as path from 'node:path';
import { flumeLayout, parseProperties } from '@flume-charms/flume';
import { validateHadoopData } from '../src/hadoop-data';
import { renderSinkFiles } from '../src/render';
import { sinkConfig } from './support/config';

// Seeded (mulberry32), so every run tries the same cases.
const seededRandom = (seed: number): (() => number) => createPrng(seed).next;

const GOOD = { installed: 'True', version: '3.3.6', 'hdfs-ready': 'True', 'hdfs-namenodes': '["nn-0.example"]', 'hdfs-port': '8020' };

describe('validateHadoopData', () => {
  it('reads what the Python interface wrote', () => {
    expect(validateHadoopData(GOOD)).toEqual({
      ok: true,
      view: { installed: true, version: '3.3.6', hdfs: { namenodes: ['nn-0.example'], port: 8020 } },
    });
  });

  it.each([
    [{}, { installed: false, version: null, hdfs: null }],
    [{ installed: 'True', version: '2.7.1' }, { installed: true, version: '2.7.1', hdfs: null }],
    [{ ...GOOD, 'hdfs-ready': 'False' }, { installed: true, version: '3.3.6', hdfs: null }],
    [{ ...GOOD, 'hdfs-namenodes': '[]' }, { installed: true, version: '3.3.6', hdfs: null }],
    [{ ...GOOD, version: '' }, { installed: false, version: null, hdfs: null }],
    [{ ...GOOD, 'hdfs-namenodes': '["10.0.0.1", "fd00::1"]' }, { installed: true, version: '3.3.6', hdfs: { namenodes: ['10.0.0.1', 'fd00::1'], port: 8020 } }],
  ])('not (yet) ready is not an error #%#', (bag, view) => {
    expect(validateHadoopData(bag)).toEqual({ ok: true, view });
  });

  it.each([
    [{ ...GOOD, installed: 'yes' }, 'installed "yes" is not true or false'],
    [{ ...GOOD, 'hdfs-ready': '1' }, 'hdfs-ready "1" is not true or false'],
    [{ ...GOOD, version: '3.3\n.sinks' }, 'version "3.3\\n.sinks" is not a version string'],
    [{ ...GOOD, 'hdfs-namenodes': 'nn-0' }, 'hdfs-namenodes "nn-0" is not a JSON list'],
    [{ ...GOOD, 'hdfs-namenodes': '{"a":1}' }, 'hdfs-namenodes "{\\"a\\":1}" is not a JSON list'],
    [{ ...GOOD, 'hdfs-namenodes': '["nn\\na1.sinks.k1.type=null"]' }, expect.stringContaining('is not a host name or address')],
    [{ ...GOOD, 'hdfs-namenodes': '["nn:8020"]' }, 'hdfs-namenodes entry "nn:8020" is not a host name or address'],
    [{ ...GOOD, 'hdfs-namenodes': '[42]' }, 'hdfs-namenodes entry "42" is not a host name or address'],
    [{ ...GOOD, 'hdfs-namenodes': '["10.0.0.256"]' }, 'hdfs-namenodes entry "10.0.0.256" is not a host name or address'],
    [{ ...GOOD, 'hdfs-namenodes': '["fe80::1%eth0"]' }, expect.stringContaining('is not a host name or address')],
    [{ ...GOOD, 'hdfs-port': '80a' }, 'hdfs-port "80a" is not a port number'],
    [{ ...GOOD, 'hdfs-port': '65536' }, 'hdfs-port "65536" is not a port number'],
    [{ ...GOOD, 'hdfs-namenodes': 'x'.repeat(5000) }, 'hdfs-namenodes is too large (5000 characters)'],
  ])('rejects bad data #%# with a reason', (bag, reason) => {
    expect(validateHadoopData(bag)).toEqual({ ok: false, reason });
  });
});


const INJECTIONS = ['\n', '\r', '=', ':', '\\', '${', '#', '!', ' ', '\u2028', 'é', '\u0000', '"', ']', '[', '%{'];
const HOSTS = ['nn-0.example', '10.1.2.3', 'fd00::7', '::1', 'namenode', 'nn-1.example', 'a'.repeat(63) + '.example', 'NN.Example.', 'x_y', '-bad', '1.2.3.4.5'];

function hostile(random: () => number): Record<string, string> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const junk = (): string => {
    const parts: string[] = [];
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i += 1) parts.push(random() < 0.5 ? pick(INJECTIONS) : pick(HOSTS));
    const s = parts.join('');
    return random() < 0.05 ? s.repeat(2000) : s;
  };
  const namenodes = (): string => {
    const r = random();
    if (r < 0.3) return JSON.stringify([pick(HOSTS)]);
    if (r < 0.5) return JSON.stringify([junk(), pick(HOSTS)]);
    if (r < 0.6) return JSON.stringify([1, null, { h: 'x' }]);
    if (r < 0.7) return junk();
    return JSON.stringify(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(HOSTS)));
  };
  // A well-formed bag (valid or invalid hosts), then 0-2 mutations: junk values or missing keys.
  const bag: Record<string, string> = {
    installed: pick(['True', 'true', 'False']),
    version: pick(['3.3.6', '2.7.1', '3.4.0-SNAPSHOT']),
    'hdfs-ready': pick(['True', 'True', 'false']),
    'hdfs-namenodes': namenodes(),
    'hdfs-port': pick(['8020', '9000', '8020', '99999']),
  };
  const keys = Object.keys(bag);
  const mutations = Math.floor(random() * 3);
  for (let i = 0; i < mutations; i += 1) {
    const key = pick(keys);
    if (random() < 0.3) delete bag[key];
    else bag[key] = junk();
  }
  return bag;
}

describe('hostile hadoop-plugin data (seeded fuzz)', () => {
  const TEMPLATES = path.join(__dirname, '..', 'templates');
  const layout = flumeLayout('flume-hdfs');
  const keysOf = (conf: string): string[] => parseProperties(conf).entries.map((e) => e.key).sort();

  it('1000 payloads: each is rejected with a reason, or rendered with exactly the expected keys', async () => {
    const random = seededRandom(Number(process.env.FUZZ_SEED ?? 20240905));
    const config = sinkConfig();
    const expectedKeys = keysOf((await renderSinkFiles(TEMPLATES, 'flume-hdfs', config, layout, { namenodes: ['nn'], port: 1 })).flumeConf);
    let rendered = 0;
    let rejected = 0;
    for (let i = 0; i < 1000; i += 1) {
      const bag = hostile(random);
      const result = validateHadoopData(bag);
      if (!result.ok) {
        rejected += 1;
        expect(result.reason).toMatch(/^(installed|version|hdfs-ready|hdfs-namenodes|hdfs-port)\b/);
        // Truncated before quoting: bounded even when every character needs a \uXXXX escape.
        expect(result.reason.length).toBeLessThan(320);
        expect(result.reason).not.toMatch(/[\n\r]/);
        continue;
      }
      if (!result.view.hdfs) continue;
      rendered += 1;
      const conf = (await renderSinkFiles(TEMPLATES, 'flume-hdfs', config, layout, result.view.hdfs)).flumeConf;
      expect(keysOf(conf)).toEqual(expectedKeys);
      const pathValue = parseProperties(conf).entries.find((e) => e.key === 'a1.sinks.k1.hdfs.path')?.value;
      expect(pathValue).toMatch(/^(hdfs:\/\/[^/\s]+)?\/user\/flume\/%\{event_dir\}\/%Y-%m-%d$/);
    }
    // The generator must exercise both outcomes, or the test proves nothing.
    expect(rejected).toBeGreaterThan(300);
    expect(rendered).toBeGreaterThan(20);
  });
});
