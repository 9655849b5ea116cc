// The bases (OS and version) a charm runs on, as Juju computes them for the base-match rule of subordinates.
// A packed charm says it in manifest.yaml; a charm source directory in charmcraft.yaml (`base:` or `bases:`);
// an old charm in metadata.yaml `series:`. Each is normalised to `name@channel` ("ubuntu@24.04").
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Ubuntu series names that old charms list in metadata.yaml, by version. */
const SERIES: Readonly<Record<string, string>> = {
  trusty: '14.04',
  xenial: '16.04',
  bionic: '18.04',
  focal: '20.04',
  jammy: '22.04',
  noble: '24.04',
};

function readYaml(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** `{ name: ubuntu, channel: "24.04" }` (or its `run-on` entries) -> ['ubuntu@24.04']. */
function fromBaseEntries(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry) => {
    const runOn = field(entry, 'run-on');
    if (Array.isArray(runOn)) return fromBaseEntries(runOn);
    const name = field(entry, 'name');
    const channel = field(entry, 'channel');
    return typeof name === 'string' && (typeof channel === 'string' || typeof channel === 'number') ? [`${name}@${String(channel)}`] : [];
  });
}

/** The charm's bases, most specific source first; [] when it declares none. */
export function charmBases(charmDir: string): string[] {
  const manifest = fromBaseEntries(field(readYaml(join(charmDir, 'manifest.yaml')), 'bases'));
  if (manifest.length > 0) return manifest;
  const charmcraft = readYaml(join(charmDir, 'charmcraft.yaml'));
  const base = field(charmcraft, 'base');
  if (typeof base === 'string') return [base];
  const bases = fromBaseEntries(field(charmcraft, 'bases'));
  if (bases.length > 0) return bases;
  const series = field(readYaml(join(charmDir, 'metadata.yaml')), 'series');
  if (!Array.isArray(series)) return [];
  return series.flatMap((s) => (typeof s === 'string' && SERIES[s] ? [`ubuntu@${SERIES[s]}`] : []));
}

/** Juju's compatibleSupportedBases: some base of one is the same OS and track as some base of the other. */
export function basesIntersect(a: readonly string[], b: readonly string[]): boolean {
  const track = (base: string): string => base.split('/')[0] as string;
  return a.some((x) => b.some((y) => track(x) === track(y)));
}
