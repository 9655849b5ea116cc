// Reads a rendered flume.conf back into its components, so tests assert on the flow (which sinks, which
// hostnames, which group) instead of on lines of text. Parsing is packages/flume's, as Flume itself reads it.
import { parseProperties } from '@flume-charms/flume';
import { agentNameOf } from './flume-conf';

/** A component's own properties, keys relative to it: `type`, `hostname`, `processor.type`... */
export type ComponentProperties = Readonly<Record<string, string>>;

export interface FlumeFlow {
  readonly agent: string;
  /** Components in the order the agent's list line names them; properties of unlisted ones are dropped. */
  readonly sources: ReadonlyMap<string, ComponentProperties>;
  readonly channels: ReadonlyMap<string, ComponentProperties>;
  readonly sinks: ReadonlyMap<string, ComponentProperties>;
  readonly sinkgroups: ReadonlyMap<string, ComponentProperties>;
}

const KINDS = ['sources', 'channels', 'sinks', 'sinkgroups'] as const;
type Kind = (typeof KINDS)[number];

/** Parses a rendered flume.conf; throws when Java's Properties would reject it. */
export function readFlumeFlow(conf: string): FlumeFlow {
  const parsed = parseProperties(conf);
  const firstError = parsed.errors[0];
  if (firstError) throw new Error(`flume.conf line ${firstError.line}: ${firstError.message}`);
  const agent = agentNameOf(conf);
  const values = new Map(parsed.entries.map((entry) => [entry.key, entry.value] as const));
  const read = (kind: Kind): Map<string, ComponentProperties> => {
    const names = (values.get(`${agent}.${kind}`) ?? '').split(/\s+/).filter((name) => name !== '');
    return new Map(names.map((name) => [name, propertiesUnder(values, `${agent}.${kind}.${name}.`)] as const));
  };
  return { agent, sources: read('sources'), channels: read('channels'), sinks: read('sinks'), sinkgroups: read('sinkgroups') };
}

function propertiesUnder(values: ReadonlyMap<string, string>, prefix: string): ComponentProperties {
  const result: Record<string, string> = {};
  for (const [key, value] of values) if (key.startsWith(prefix)) result[key.slice(prefix.length)] = value;
  return result;
}
