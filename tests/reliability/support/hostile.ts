// Hostile values for fuzzing: strings that try to break out of a Flume properties value, a shell word,
// an XML attribute or a status line, plus huge, empty, unicode and wrong-typed values.
import type { Prng } from '../../support';

/** Fragments that mean something to java.util.Properties, Flume, the shell, XML or a terminal. */
export const INJECTIONS: readonly string[] = [
  '\n',
  '\r\n',
  '\r',
  '=',
  ':',
  '\\',
  '\\\n',
  '${',
  '${env:HOME}',
  '${sys:user.home}',
  '#',
  '!',
  ' ',
  '\t',
  '\f',
  '\u0000',
  '\u001b[31m',
  '\u2028',
  '\u0085',
  '\ufeff',
  '$(id)',
  '`id`',
  ';rm -rf /',
  '&&',
  '|',
  '"',
  "'",
  '<',
  '>',
  '&amp;',
  ']]>',
  '%{event_dir}',
  '%n',
  '../',
  '/',
  '*',
  '?',
  '\u00e9',
  '\u4e2d\u6587',
  '\u{1f4a9}',
  '\ud800',
  'a1.sinks.k9.type = logger',
  '\na1.sinks = evil\n',
  '\\u000a',
  '\\n',
];

const PRINTABLE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
const ANY = `${PRINTABLE} =:#!\\$\{}\n\r\t"'<>&;|*?/%@[]\u00e9\u4e2d\u{1f4a9}\u0000\u2028`;

/** A random string: mostly short, sometimes printable, sometimes anything. */
export function randomString(prng: Prng): string {
  const length = prng.pick([0, 1, 2, 5, 10, 30, 80]);
  return prng.string(length, prng.chance(0.5) ? PRINTABLE : ANY);
}

/** `base` with an injection fragment inserted at the start, middle or end. */
export function injected(prng: Prng, base: string): string {
  const fragment = prng.pick(INJECTIONS);
  const at = prng.pick([0, Math.floor(base.length / 2), base.length]);
  return `${base.slice(0, at)}${fragment}${base.slice(at)}`;
}

/** A huge value (over every length limit we know of), sometimes with an injection in its tail. */
export function huge(prng: Prng, base = 'a'): string {
  const size = prng.pick([254, 1025, 4097, 65_537]);
  const body = base.repeat(Math.ceil(size / Math.max(1, base.length))).slice(0, size);
  return prng.chance(0.3) ? `${body}${prng.pick(INJECTIONS)}` : body;
}

/** Values of the wrong JSON type for a string field. */
export const WRONG_TYPES: readonly unknown[] = [null, 0, 4141, -1, 1.5, Number.NaN, Infinity, true, false, [], ['4141'], {}, { port: 4141 }];

/** Hosts an agent may legitimately be given: IPv4, IPv6 and RFC 1123 hostnames. */
export const VALID_HOSTS: readonly string[] = [
  '10.0.0.7',
  '192.168.1.254',
  '127.0.1.1',
  '::1',
  'fd00::12',
  '2001:db8::8a2e:370:7334',
  'namenode-0.example',
  'juju-3b2c1f-2.lxd',
  'flume-hdfs-0.flume-hdfs-endpoints.model.svc.cluster.local',
  'localhost',
  'a',
  `${'a'.repeat(63)}.example`,
];

/** Host-like values that must be refused. */
export const INVALID_HOSTS: readonly string[] = [
  '',
  ' ',
  '10.0.0.256',
  '10.0.0',
  '999.1.1.1',
  'fe80::1%eth0',
  '[::1]',
  '::1]',
  'host name',
  'host_name',
  '-leading.example',
  'trailing-.example',
  `${'a'.repeat(64)}.example`,
  `${'a.'.repeat(127)}a`,
  'http://10.0.0.1',
  '10.0.0.1:4141',
  'host#frag',
  'host\\x',
  'host=1',
  '${env:HOST}',
  'example.123',
  '\u4e2d\u6587.example',
];
