// Figure 6: the throughput and durability defaults the charms render, each with its reason (packages/flume's
// RENDERED_DEFAULTS, from the Flume user guide), cross-checked against each charm's charmcraft.yaml default
// and against the files the charm actually rendered in figure 2's lifecycle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DefaultSetting } from '@flume-charms/flume';

export type CheckOutcome = 'match' | 'n/a' | 'not rendered' | `mismatch: ${string}`;

export interface CharmCheck {
  readonly charm: string;
  readonly expected: string;
  readonly charmcraft: CheckOutcome;
  readonly rendered: CheckOutcome;
}

export interface DefaultRow {
  readonly setting: DefaultSetting;
  readonly checks: readonly CharmCheck[];
}

/** The value a setting gives for one charm: '512m (flume-hdfs), 256m (flume-syslog)' -> '512m' for flume-hdfs. */
export function valueForCharm(value: string, charm: string): string {
  const annotated = value.split(/,\s+/).map((part) => /^(.*) \((flume-[a-z]+)\)$/.exec(part));
  if (annotated.every((m) => m !== null)) {
    const hit = annotated.find((m) => m?.[2] === charm);
    return hit?.[1] ?? value;
  }
  return value;
}

/** 'a.b.x / y / z' -> ['a.b.x', 'a.b.y', 'a.b.z']: later parts reuse the first part's prefix. */
export function splitProperties(property: string): string[] {
  const parts = property.split(' / ');
  const first = parts[0] ?? '';
  const prefix = first.includes('.') ? first.slice(0, first.lastIndexOf('.') + 1) : '';
  return parts.map((p, i) => (i === 0 || p.includes('.') ? p : prefix + p));
}

const plainToken = (v: string): boolean => /^[^\s()]+$/.test(v);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every value rendered for a property ('channels.CHANNEL.capacity', 'JAVA_OPTS -Xms/-Xmx', '-D…port'). */
export function renderedValues(property: string, files: readonly string[]): string[] {
  // Comments may quote other values (flume-env.sh names Flume's own -Xmx20m): only settings count.
  const text = files.join('\n').split('\n').filter((line) => !/^\s*[#!]/.test(line)).join('\n');
  let pattern: RegExp;
  if (property.startsWith('JAVA_OPTS')) pattern = /-Xmx([0-9]+[kmgKMG]?)/g;
  else if (property.includes('-Dflume.monitoring.port')) pattern = /-Dflume\.monitoring\.port=([0-9]+)/g;
  else {
    const body = escape(property).replace(/CHANNEL|SINK/g, '[^.\\s=]+');
    pattern = new RegExp(`^[^\\s.#]+\\.${body}\\s*=\\s*(\\S*)\\s*$`, 'gm');
  }
  return [...text.matchAll(pattern)].map((m) => m[1] ?? '');
}

function compare(expected: string, found: readonly string[], flumeDefault: string): CheckOutcome {
  if (found.length === 0) return expected === flumeDefault ? 'n/a' : 'not rendered';
  const wrong = found.filter((f) => f !== expected);
  return wrong.length === 0 ? 'match' : `mismatch: ${[...new Set(wrong)].join(', ')}`;
}

function charmcraftDefaults(charmSourceDir: string): Record<string, unknown> {
  const doc = parse(readFileSync(join(charmSourceDir, 'charmcraft.yaml'), 'utf8')) as { config?: { options?: Record<string, { default?: unknown }> } };
  return Object.fromEntries(Object.entries(doc.config?.options ?? {}).map(([k, v]) => [k, v.default]));
}

/**
 * `charms`: charm name -> its source directory (with charmcraft.yaml). `rendered`: charm name -> rendered files.
 */
export function checkDefaults(options: {
  settings: readonly DefaultSetting[];
  charms: Readonly<Record<string, string>>;
  rendered: Readonly<Record<string, Readonly<Record<string, string>>>>;
}): DefaultRow[] {
  const defaults = Object.fromEntries(Object.entries(options.charms).map(([name, dir]) => [name, charmcraftDefaults(dir)]));
  return options.settings.map((setting) => {
    const charms = setting.appliesTo === 'both' ? Object.keys(options.charms) : [setting.appliesTo];
    const checks = charms.map((charm): CharmCheck => {
      const expected = valueForCharm(setting.value, charm);
      const values = expected.split(' / ');
      const optionNames = setting.option?.split(' / ') ?? [];
      let charmcraft: CheckOutcome = 'n/a';
      if (optionNames.length > 0 && optionNames.length === values.length) {
        const wrong = optionNames
          .map((name, i) => ({ name, want: values[i] ?? '', got: defaults[charm]?.[name] }))
          .filter(({ want, got }) => String(got) !== want);
        charmcraft = wrong.length === 0 ? 'match' : `mismatch: ${wrong.map((w) => `${w.name}=${String(w.got)}`).join(', ')}`;
      }
      const properties = splitProperties(setting.property);
      let rendered: CheckOutcome = 'n/a';
      if (properties.length === values.length && values.every(plainToken)) {
        const files = Object.values(options.rendered[charm] ?? {});
        const outcomes = properties.map((p, i) => compare(values[i] ?? '', renderedValues(p, files), setting.flumeDefault));
        rendered = outcomes.find((o) => o !== 'match') ?? 'match';
      }
      return { charm, expected, charmcraft, rendered };
    });
    return { setting, checks };
  });
}
