// The hadoop-plugin relation's unit databag (juju-solutions/interface-hadoop-plugin, requires side):
//   installed: "True"  version: "2.7.1"  hdfs-ready: "True"  hdfs-namenodes: '["nn-0.example"]'  hdfs-port: "8020"
// (Python wrote booleans with str(), so "True"/"False".) This data comes from a charm we do not control:
// every value is validated here before anything reaches a rendered file or a status.
import { isIP } from 'node:net';
import { oneLine } from '@flume-charms/flume';

/** Where the sink writes: the validated namenodes and their RPC port. */
export interface HdfsTarget {
  readonly namenodes: readonly string[];
  readonly port: number;
}

/** What one plugin unit told us, validated. */
export interface HadoopUnitView {
  readonly installed: boolean;
  readonly version: string | null;
  /** Set when the plugin says HDFS is ready and named its namenodes and port. */
  readonly hdfs: HdfsTarget | null;
}

export type HadoopDataResult = { readonly ok: true; readonly view: HadoopUnitView } | { readonly ok: false; readonly reason: string };

const MAX_VALUE = 4096;
const MAX_NAMENODES = 16;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,63}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** A value as it may appear in a status: JSON-quoted (so escaped) and truncated. */
export function quoteValue(value: string): string {
  return oneLine(JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}...` : value));
}

/** IPv4, IPv6 (no zone id) or an RFC 1123 hostname whose last label is not all digits. */
export function isValidNamenode(host: string): boolean {
  if (isIP(host) !== 0) return !host.includes('%');
  if (!HOSTNAME.test(host)) return false;
  return !/^[0-9]+$/.test(host.split('.').pop() ?? '');
}

function bool(bag: Readonly<Record<string, string>>, key: string): boolean {
  const value = bag[key];
  if (value === undefined || value === '') return false;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new Error(`${key} ${quoteValue(value)} is not true or false`);
}

function namenodes(raw: string | undefined): string[] {
  if (raw === undefined || raw === '') return [];
  if (raw.length > MAX_VALUE) throw new Error(`hdfs-namenodes is too large (${raw.length} characters)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`hdfs-namenodes ${quoteValue(raw)} is not a JSON list`);
  }
  if (!Array.isArray(parsed)) throw new Error(`hdfs-namenodes ${quoteValue(raw)} is not a JSON list`);
  if (parsed.length > MAX_NAMENODES) throw new Error(`hdfs-namenodes lists more than ${MAX_NAMENODES} hosts`);
  return parsed.map((host: unknown) => {
    if (typeof host !== 'string' || !isValidNamenode(host)) {
      throw new Error(`hdfs-namenodes entry ${quoteValue(typeof host === 'string' ? host : JSON.stringify(host) ?? String(host))} is not a host name or address`);
    }
    return host;
  });
}

function port(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[1-9][0-9]{0,4}$/.test(raw) || Number(raw) > 65535) {
    throw new Error(`hdfs-port ${quoteValue(raw)} is not a port number`);
  }
  return Number(raw);
}

/**
 * Validates one plugin unit's databag. Keys we do not use (yarn-*, java-*, addresses) are ignored; keys we
 * use must be well-formed even when HDFS is not ready yet, so a bad value is reported as soon as it appears.
 */
export function validateHadoopData(bag: Readonly<Record<string, string>>): HadoopDataResult {
  try {
    const installed = bool(bag, 'installed');
    const rawVersion = bag.version;
    if (rawVersion !== undefined && rawVersion !== '' && !VERSION.test(rawVersion)) {
      throw new Error(`version ${quoteValue(rawVersion)} is not a version string`);
    }
    const version = rawVersion === undefined || rawVersion === '' ? null : rawVersion;
    const ready = bool(bag, 'hdfs-ready');
    const hosts = namenodes(bag['hdfs-namenodes']);
    const hdfsPort = port(bag['hdfs-port']);
    // As the Python interface: ready means installed (with a version), hdfs-ready, namenodes and a port.
    const hdfs = installed && version !== null && ready && hosts.length > 0 && hdfsPort !== undefined ? { namenodes: hosts, port: hdfsPort } : null;
    return { ok: true, view: { installed: installed && version !== null, version, hdfs } };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
