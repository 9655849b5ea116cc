// Flume component names derived from Juju unit names: flume-hdfs/0 -> sink-flume-hdfs-0 / chan-flume-hdfs-0.
// Unit names come from relation-list (Juju), never from relation data; they are still validated, because a
// component name becomes part of flume.conf KEYS (and of channel directories), where escaping cannot help.

/** Juju's unit name: an application name (segments of [a-z0-9], each after the first holding a letter) and /N. */
const UNIT_NAME = /^([a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)\/(0|[1-9][0-9]{0,8})$/;

/** What Flume and the file channel accept as a component name (packages/flume fileChannelDirs). */
const COMPONENT = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

export class UnitNameError extends Error {
  override readonly name = 'UnitNameError';
  constructor(readonly unit: string) {
    super(`${JSON.stringify(unit.slice(0, 80))} is not a Juju unit name`);
  }
}

export interface SinkNames {
  readonly unit: string;
  /** `sink-APP-N` */
  readonly sink: string;
  /** `chan-APP-N`: the sink's own channel when sink_processor=none replicates to every sink. */
  readonly channel: string;
  /** `drain-APP-N`: the sink that forwards what is left in that channel once the unit is gone. */
  readonly drain: string;
}

/** The longest prefix a unit slug gets ("drain-"): every derived name fits in a component. */
const LONGEST_PREFIX = 'drain-';

/** A short, stable, collision-resistant tag (FNV-1a, 32 bits) for names too long to keep whole. */
function tag(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The slug of a unit: `APP-N`. Juju app names never have an all-digit segment, so `APP-N` is unambiguous.
 * Names longer than fit in a component (64 - "drain-".length) keep their start and get a hash tag.
 */
export function unitSlug(unit: string): string {
  const match = UNIT_NAME.exec(unit);
  if (!match) throw new UnitNameError(unit);
  const slug = `${match[1]}-${match[2]}`;
  const max = 64 - LONGEST_PREFIX.length;
  return slug.length <= max ? slug : `${slug.slice(0, max - 9)}-${tag(slug)}`;
}

export function sinkNames(unit: string): SinkNames {
  const slug = unitSlug(unit);
  const names = { unit, sink: `sink-${slug}`, channel: `chan-${slug}`, drain: `drain-${slug}` };
  if (![names.sink, names.channel, names.drain].every((name) => COMPONENT.test(name))) throw new UnitNameError(unit);
  return names;
}
