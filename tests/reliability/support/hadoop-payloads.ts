// Generated hadoop-plugin databags (what the hadoop-plugin subordinate writes for flume-hdfs), with the
// verdict of the Python interface's contract: installed/hdfs-ready "True"/"False", a version, hdfs-namenodes
// a JSON list of hosts, hdfs-port a port. Written from that contract, not from flume-hdfs's validator.
import type { Prng } from '../../support';
import { huge, injected, INVALID_HOSTS, randomString, VALID_HOSTS } from './hostile';

/** invalid: refused (blocked, naming the unit); ready: HDFS usable; waiting: valid, but HDFS not ready. */
export type HadoopVerdict = 'invalid' | 'ready' | 'waiting';

export interface HadoopPayload {
  readonly index: number;
  readonly kind: string;
  readonly bag: Record<string, string>;
  readonly expected: HadoopVerdict | 'any';
}

export const HADOOP_READY_BAG: Record<string, string> = {
  installed: 'True',
  version: '3.3.6',
  'hdfs-ready': 'True',
  'hdfs-namenodes': '["namenode-0.example"]',
  'hdfs-port': '8020',
};

function boolVerdict(value: string | undefined): boolean | 'bad' {
  if (value === undefined || value === '') return false;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  return 'bad';
}

function hostsVerdict(value: string | undefined): string[] | 'bad' | 'any' {
  if (value === undefined || value === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'bad';
  }
  if (!Array.isArray(parsed) || parsed.length > 16) return 'bad';
  if (parsed.some((h) => typeof h !== 'string' || INVALID_HOSTS.includes(h))) return 'bad';
  return parsed.every((h) => VALID_HOSTS.includes(h as string)) ? (parsed as string[]) : 'any';
}

export function hadoopVerdict(bag: Readonly<Record<string, string>>): HadoopVerdict | 'any' {
  const installed = boolVerdict(bag.installed);
  const ready = boolVerdict(bag['hdfs-ready']);
  const hosts = hostsVerdict(bag['hdfs-namenodes']);
  const port = bag['hdfs-port'];
  const version = bag.version;
  if (installed === 'bad' || ready === 'bad' || hosts === 'bad') return 'invalid';
  if (port !== undefined && port !== '' && !(/^[1-9][0-9]{0,4}$/.test(port) && Number(port) <= 65535)) return 'invalid';
  if (version !== undefined && version !== '' && !/^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,63}$/.test(version)) return 'invalid';
  if (hosts === 'any') return 'any';
  const hasVersion = version !== undefined && version !== '';
  return installed && hasVersion && ready && hosts.length > 0 && port !== undefined && port !== '' ? 'ready' : 'waiting';
}

type Maker = (prng: Prng) => { kind: string; bag: Record<string, string> };

const hostList = (prng: Prng): string => JSON.stringify(prng.sample(VALID_HOSTS, prng.int(1, 3)));

const MAKERS: readonly Maker[] = [
  (prng) => ({ kind: 'ready', bag: { ...HADOOP_READY_BAG, 'hdfs-namenodes': hostList(prng), 'hdfs-port': String(prng.int(1, 65535)) } }),
  (prng) => {
    const bag = { ...HADOOP_READY_BAG };
    const key = prng.pick(Object.keys(bag));
    bag[key] = injected(prng, bag[key] as string);
    return { kind: `injection in ${key}`, bag };
  },
  (prng) => ({ kind: 'bad namenode', bag: { ...HADOOP_READY_BAG, 'hdfs-namenodes': JSON.stringify([prng.pick(VALID_HOSTS), prng.pick(INVALID_HOSTS)]) } }),
  (prng) => ({
    kind: 'namenodes not a list of strings',
    bag: { ...HADOOP_READY_BAG, 'hdfs-namenodes': prng.pick(['namenode-0', '"nn"', '{"a":1}', '[1,2]', '[null]', '[', JSON.stringify(Array(17).fill('nn.example')), '[["nn"]]']) },
  }),
  (prng) => ({ kind: 'huge namenodes', bag: { ...HADOOP_READY_BAG, 'hdfs-namenodes': JSON.stringify([huge(prng, 'nn.')]) } }),
  (prng) => ({ kind: 'bad port', bag: { ...HADOOP_READY_BAG, 'hdfs-port': prng.pick(['0', '65536', '-1', '08020', '8020.0', 'http', '8020 ', ' 8020']) } }),
  (prng) => ({ kind: 'bad boolean', bag: { ...HADOOP_READY_BAG, [prng.pick(['installed', 'hdfs-ready'])]: prng.pick(['yes', '1', 'TRUE ', 'Truee', 'None']) } }),
  (prng) => {
    const bag: Record<string, string> = { ...HADOOP_READY_BAG };
    for (const key of prng.sample(Object.keys(bag), prng.int(1, 4))) delete bag[key];
    return { kind: 'missing keys', bag };
  },
  (prng) => ({ kind: 'not ready', bag: { ...HADOOP_READY_BAG, 'hdfs-ready': prng.pick(['False', 'false', '']) } }),
  (prng) => ({ kind: 'IPv6 namenode', bag: { ...HADOOP_READY_BAG, 'hdfs-namenodes': JSON.stringify([prng.pick(['fd00::12', '::1', '2001:db8::1'])]) } }),
  (prng) => ({ kind: 'random values', bag: Object.fromEntries(Object.keys(HADOOP_READY_BAG).map((k) => [k, randomString(prng)])) }),
];

export function hadoopPayloads(prng: Prng, count: number): HadoopPayload[] {
  const out: HadoopPayload[] = [];
  for (let index = 0; index < count; index += 1) {
    const { kind, bag } = (MAKERS[index % MAKERS.length] as Maker)(prng);
    out.push({ index, kind, bag, expected: hadoopVerdict(bag) });
  }
  return out;
}
