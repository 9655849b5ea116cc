// What the pair scenarios read in a unit's rendered flow: where the agent sends events, how it groups
// its sinks, and what the sink's source listens on. Values stay strings, as Flume reads them.
import type { ComponentProperties, FlumeFlow } from '../support';
import type { UnitView } from './pair-world';

/** An agent's sink, reduced to where and how it sends. */
export interface AgentSink {
  readonly type: string | undefined;
  readonly hostname: string | undefined;
  readonly port: string | undefined;
  readonly compression: string | undefined;
}

export interface SinkGroup {
  readonly processor: string | undefined;
  /** load_balance: whether a failed sink is backed off. */
  readonly backoff: string | undefined;
  readonly sinks: readonly string[];
}

/** The sink's source: what agents must send to. */
export interface SinkSource {
  readonly type: string | undefined;
  readonly port: string | undefined;
  readonly compression: string | undefined;
}

function flowOf(view: UnitView): FlumeFlow {
  if (!view.flow) throw new Error(`${view.name} has rendered no flume.conf (status ${view.workload.status}: ${view.workload.message})`);
  return view.flow;
}

function asAgentSink(props: ComponentProperties): AgentSink {
  return { type: props.type, hostname: props.hostname, port: props.port, compression: props['compression-type'] };
}

/** The agent's sinks, in the order its `sinks` line lists them. */
export function agentSinks(view: UnitView): AgentSink[] {
  return [...flowOf(view).sinks.values()].map(asAgentSink);
}

/** The agent's sinks, sorted by hostname: for comparing with a set of sink unit addresses. */
export function agentSinksByHost(view: UnitView): AgentSink[] {
  return agentSinks(view).sort((a, b) => String(a.hostname).localeCompare(String(b.hostname)));
}

/** The agent's only sink group, or undefined; more than one is a finding of its own. */
export function agentSinkGroup(view: UnitView): SinkGroup | undefined {
  const groups = [...flowOf(view).sinkgroups.values()];
  if (groups.length > 1) throw new Error(`${view.name} renders ${groups.length} sink groups; the agent has one at most`);
  const [group] = groups;
  return group && { processor: group['processor.type'], backoff: group['processor.backoff'], sinks: (group.sinks ?? '').split(/\s+/).filter((s) => s !== '') };
}

/** The sink names the agent's `sinks` line declares. */
export function agentSinkNames(view: UnitView): string[] {
  return [...flowOf(view).sinks.keys()];
}

/** The file channels of an agent, by name: their checkpoint and data directories. */
export function channelDirs(view: UnitView): Record<string, { type?: string; checkpointDir?: string; dataDirs?: string }> {
  return Object.fromEntries(
    [...flowOf(view).channels].map(([name, props]) => [name, { type: props.type, checkpointDir: props.checkpointDir, dataDirs: props.dataDirs }]),
  );
}

/** The sink unit's only source; an absent compression-type is Flume's default, none. */
export function sinkSource(view: UnitView): SinkSource {
  const sources = [...flowOf(view).sources.values()];
  if (sources.length !== 1) throw new Error(`${view.name} renders ${sources.length} sources; the sink has exactly one`);
  const [source] = sources as [ComponentProperties];
  return { type: source.type, port: source.port, compression: source['compression-type'] ?? 'none' };
}

/** What an agent should render for one sink unit, given the sink's published settings. */
export function expectedAvroSink(address: string, port: number | string, compression = 'none'): AgentSink {
  return { type: 'avro', hostname: address, port: String(port), compression };
}
