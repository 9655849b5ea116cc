// Generated flume-agent databags, as a hostile or broken sink unit could publish them, each with the verdict
// the documented contract (packages/flume-interface/README.md) gives it. The verdict is computed here from the
// README's rules, independently of the interface's zod schema, so the two are checked against each other.
import { isIP } from 'node:net';
import type { Prng } from '../../support';
import { huge, injected, INVALID_HOSTS, randomString, VALID_HOSTS, WRONG_TYPES } from './hostile';

export type Verdict = 'valid' | 'invalid' | 'pending';

export interface SinkPayload {
  readonly index: number;
  /** How it was made, for failure messages. */
  readonly kind: string;
  readonly bag: Readonly<Record<string, unknown>>;
  /** The contract's verdict; 'any' when the generator cannot tell without re-implementing hostname rules. */
  readonly expected: Verdict | 'any';
}

const KNOWN = ['port', 'protocol', 'compression-type', 'max-batch-size', 'ingress-address', 'private-address'] as const;
const MAX_VALUE_LENGTH = 253;
const FORBIDDEN = /[\r\n\s=#\\]|\$\{/;

/** The README's rules for one value of a known key; 'any' when only the hostname grammar can decide. */
function valueVerdict(key: (typeof KNOWN)[number], value: unknown): 'ok' | 'bad' | 'any' {
  if (typeof value !== 'string') return 'bad';
  if (value.length > MAX_VALUE_LENGTH || FORBIDDEN.test(value)) return 'bad';
  switch (key) {
    case 'port':
      return /^[1-9][0-9]{0,4}$/.test(value) && Number(value) <= 65535 ? 'ok' : 'bad';
    case 'protocol':
      return value === 'avro' || value === 'thrift' ? 'ok' : 'bad';
    case 'compression-type':
      return value === 'none' || value === 'deflate' ? 'ok' : 'bad';
    case 'max-batch-size':
      return /^[1-9][0-9]{0,9}$/.test(value) && Number(value) <= 2147483647 ? 'ok' : 'bad';
    default:
      if (VALID_HOSTS.includes(value)) return 'ok';
      if (INVALID_HOSTS.includes(value)) return 'bad';
      if (isIP(value) !== 0) return value.includes('%') ? 'bad' : 'ok';
      return 'any';
  }
}

/** The contract's verdict for a whole bag. Empty, null and undefined values count as absent (Juju deletes ""). */
export function contractVerdict(bag: Readonly<Record<string, unknown>>): Verdict | 'any' {
  const present = (key: string): boolean => bag[key] !== undefined && bag[key] !== null && bag[key] !== '';
  if (!present('port') && !present('protocol')) return 'pending';
  let unsure = false;
  for (const key of KNOWN) {
    if (!present(key)) continue;
    const verdict = valueVerdict(key, bag[key]);
    if (verdict === 'bad') return 'invalid';
    if (verdict === 'any') unsure = true;
  }
  if (!present('port') || !present('protocol')) return 'invalid';
  if (!present('ingress-address') && !present('private-address')) return 'invalid';
  // Flume's RPC clients cannot connect to an IPv6 literal: a sink whose every address is one is left out.
  const addresses = ['ingress-address', 'private-address'].filter(present).map((key) => String(bag[key]));
  if (addresses.every((address) => isIP(address) === 6)) return 'invalid';
  return unsure ? 'any' : 'valid';
}

function validBag(prng: Prng): Record<string, unknown> {
  const bag: Record<string, unknown> = {
    port: String(prng.pick([1, 80, 514, 4141, 5000, 65535, prng.int(1, 65535)])),
    protocol: prng.pick(['avro', 'thrift']),
  };
  if (prng.chance(0.7)) bag['compression-type'] = prng.pick(['none', 'deflate']);
  if (prng.chance(0.3)) bag['max-batch-size'] = String(prng.pick([1, 100, 500, 1000, 2147483647, prng.int(1, 100000)]));
  const where = prng.pick(['ingress', 'private', 'both']);
  if (where !== 'private') bag['ingress-address'] = prng.pick(VALID_HOSTS);
  if (where !== 'ingress') bag['private-address'] = prng.pick(VALID_HOSTS);
  return bag;
}

type Maker = (prng: Prng) => { kind: string; bag: Record<string, unknown> };

const MAKERS: readonly Maker[] = [
  (prng) => ({ kind: 'valid', bag: validBag(prng) }),
  (prng) => {
    const bag = validBag(prng);
    const key = prng.pick(Object.keys(bag));
    bag[key] = injected(prng, String(bag[key]));
    return { kind: `injection in ${key}`, bag };
  },
  (prng) => {
    const bag = validBag(prng);
    const key = prng.pick(Object.keys(bag));
    bag[key] = huge(prng, String(bag[key]));
    return { kind: `huge ${key}`, bag };
  },
  (prng) => {
    const bag = validBag(prng);
    const key = prng.pick(Object.keys(bag));
    bag[key] = prng.pick(WRONG_TYPES);
    return { kind: `wrong type in ${key}`, bag };
  },
  (prng) => {
    const bag = validBag(prng);
    for (const key of prng.sample(Object.keys(bag), prng.int(1, 3))) delete bag[key];
    return { kind: 'missing keys', bag };
  },
  (prng) => {
    const bag = validBag(prng);
    bag[prng.pick(['ingress-address', 'private-address'])] = prng.pick(INVALID_HOSTS);
    return { kind: 'invalid host', bag };
  },
  (prng) => {
    const bag = validBag(prng);
    bag['ingress-address'] = prng.pick(VALID_HOSTS.filter((h) => h.includes(':') || /[a-z]/.test(h)));
    return { kind: 'IPv6 or hostname host', bag };
  },
  (prng) => {
    const bag = validBag(prng);
    const extra = prng.pick(['a1.sinks', 'port\n', '__proto__', 'constructor', 'hdfs-port', '${x}', '\u{1f4a9}', 'egress-subnets']);
    const value = prng.chance(0.5) ? injected(prng, 'x') : 'a1.sinks.evil.type = logger';
    // defineProperty: a plain assignment to "__proto__" would set the prototype, not a key.
    Object.defineProperty(bag, extra, { value, enumerable: true, writable: true, configurable: true });
    return { kind: `extra key ${JSON.stringify(extra)}`, bag };
  },
  (prng) => {
    const bag = validBag(prng);
    const key = prng.pick(Object.keys(bag));
    bag[key] = randomString(prng);
    return { kind: `random ${key}`, bag };
  },
  (prng) => {
    const bag: Record<string, unknown> = {};
    for (let i = prng.int(0, 5); i > 0; i -= 1) bag[prng.pick([...KNOWN, randomString(prng)])] = randomString(prng);
    return { kind: 'random bag', bag };
  },
  (prng) => {
    const bag = validBag(prng);
    bag.port = prng.pick(['0', '65536', '-1', '04141', '4141.0', '0x1000', '1e3', '+4141', '4141 ', ' 4141', '99999999999999999999']);
    return { kind: 'bad port', bag };
  },
  (prng) => {
    const bag = validBag(prng);
    bag.protocol = prng.pick(['AVRO', 'Avro', 'http', 'avro ', 'thrift\n', 'netcat', 'exec']);
    return { kind: 'bad protocol', bag };
  },
];

/** `count` payloads, the i-th always the same for a given seed. */
export function sinkPayloads(prng: Prng, count: number): SinkPayload[] {
  const payloads: SinkPayload[] = [];
  for (let index = 0; index < count; index += 1) {
    const maker = MAKERS[index % MAKERS.length] as Maker;
    const { kind, bag } = maker(prng);
    payloads.push({ index, kind, bag, expected: contractVerdict(bag) });
  }
  return payloads;
}

/** Only string values, as relation-set can publish them (JSON-stringified wrong types; absent stays absent). */
export function wireBag(bag: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(bag)) {
    if (value === undefined || value === null) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  }
  return out;
}
