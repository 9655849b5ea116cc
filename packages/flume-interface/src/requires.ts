// The agent side of flume-agent: which sinks to send events to.
// Each sink unit's data is validated once, in that unit's own relation hook, and cached in unit state;
// every other hook answers from the cache, so a hook costs the same with 1 or 100 sink units.
import { Endpoint, hookContext, toggleFlag, type HookContext, type RelatedUnit } from '@flume-charms/reactive';
import type { CompressionType, Protocol } from './contract';
import { NoSinkAvailableError } from './errors';
import { readSinkCache, SINK_CACHE_KEY, sinkKey, sortedSinks, storedSinkCache, type CachedSink } from './sink-cache';

/** A sink unit that published valid data. */
export type Sink = {
  readonly relationId: string;
  readonly unit: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly compression: CompressionType;
  /** The largest batch the sink accepts; undefined for sinks that do not publish it (the Python original). */
  readonly maxBatchSize?: number;
  /**
   * The sink accepts TLS only: connect with TLS and trust exactly these certificates (a validated, normalised
   * PEM bundle). Undefined: plaintext, as sinks before version 4 and the Python original.
   */
  readonly tlsCa?: string;
  /** With `tlsCa`: its sha256 (hex), to name what the agent builds from it without hashing in every hook. */
  readonly tlsCaId?: string;
};

/** A sink unit whose data breaks the contract, and why (one quoted, truncated line: fit for a status). */
export type InvalidSink = {
  readonly relationId: string;
  readonly unit: string;
  readonly reason: string;
};

/** The remote unit whose data may have changed in this hook: joined or changed of this endpoint. */
function unitWithNewData(context: HookContext, endpointName: string): string | undefined {
  const ownHook = context.relationName === endpointName && context.actionName === undefined;
  const isDataHook = context.hookName.endsWith('-relation-joined') || context.hookName.endsWith('-relation-changed');
  return ownHook && isDataHook && context.relationId && context.remoteUnit
    ? sinkKey({ relationId: context.relationId, unit: context.remoteUnit })
    : undefined;
}

export class FlumeAgentRequires extends Endpoint {
  /** The joined sink units and their validated data, in the stable order (relation id, then unit number). */
  private cached: readonly CachedSink[] = [];

  protected override async manageFlags(): Promise<void> {
    const context = hookContext();
    const stored = readSinkCache(this.kv.get(SINK_CACHE_KEY));
    // After an upgrade the validation rules may differ: re-read every unit once.
    const rebuild = stored === undefined || context.hookName === 'upgrade-charm';
    const changedUnit = unitWithNewData(context, this.endpointName);

    // Only joined units are kept: departed units and broken relations fall out of the cache here.
    const next: CachedSink[] = [];
    for (const unit of this.allJoinedUnits) {
      const position = { relationId: unit.relation.relationId, unit: unit.name };
      const key = sinkKey(position);
      const known = stored?.get(key);
      const reuse = !rebuild && known !== undefined && key !== changedUnit;
      next.push(reuse ? known : await this.validated(position, unit));
    }
    this.cached = sortedSinks(next);
    this.kv.set(SINK_CACHE_KEY, storedSinkCache(this.cached));

    toggleFlag(this.expandName('{endpoint_name}.connected'), this.joined);
    toggleFlag(this.expandName('{endpoint_name}.available'), this.sinks().length > 0);
  }

  private async validated(position: { relationId: string; unit: string }, unit: RelatedUnit): Promise<CachedSink> {
    const { checkSinkData } = await import('./schema');
    const check = checkSinkData(await unit.receivedRaw());
    if (check.kind !== 'valid' || check.sink.tlsCa === undefined) return { ...position, check };
    const { tlsCaId } = await import('./tls-ca-id');
    return { ...position, check, tlsCaId: tlsCaId(check.sink.tlsCa) };
  }

  /** Every sink unit with valid data, across every relation of the endpoint, in the stable order. */
  sinks(): Sink[] {
    return this.cached.flatMap(({ relationId, unit, check, tlsCaId }) =>
      check.kind === 'valid' ? [{ relationId, unit, ...check.sink, ...(tlsCaId === undefined ? {} : { tlsCaId }) }] : [],
    );
  }

  /** Every sink unit whose data is invalid, with the reason. Units that published nothing yet are not here. */
  invalidSinks(): InvalidSink[] {
    return this.cached.flatMap(({ relationId, unit, check }) =>
      check.kind === 'invalid' ? [{ relationId, unit, reason: check.reason }] : [],
    );
  }

  /** The sink the seed's getters answer for; throws NoSinkAvailableError when there is none. */
  firstSink(): Sink {
    const [first] = this.sinks();
    if (first === undefined) throw new NoSinkAvailableError(this.endpointName, this.invalidSinks().length);
    return first;
  }

  /** The seed's `get_flume_ip()`: the first sink's address (ingress-address, else private-address). */
  getFlumeIp(): string {
    return this.firstSink().host;
  }

  /** The seed's `get_flume_port()`. */
  getFlumePort(): number {
    return this.firstSink().port;
  }

  /** The seed's `get_flume_protocol()`. */
  getFlumeProtocol(): Protocol {
    return this.firstSink().protocol;
  }

  /** The first sink's avro compression, which the agent's avro sink must match (`none` for old sinks). */
  getFlumeCompression(): CompressionType {
    return this.firstSink().compression;
  }

  /** The first sink's `tls-ca` bundle: the certificates to trust when it speaks TLS; undefined for plaintext. */
  getFlumeTlsCa(): string | undefined {
    return this.firstSink().tlsCa;
  }
}
