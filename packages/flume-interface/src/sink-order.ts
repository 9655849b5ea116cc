// The stable order in which the agent picks "the first" sink: relation id, then unit number.
// Plain string order would put `flume-agent:10` before `flume-agent:9` and `hdfs/10` before `hdfs/9`.

/** The number after the last `:` of a relation id (`flume-agent:12` -> 12), or -1 when there is none. */
export function relationNumber(relationId: string): number {
  const number = Number(relationId.slice(relationId.lastIndexOf(':') + 1));
  return Number.isInteger(number) ? number : -1;
}

/** The number after the `/` of a unit name (`flume-hdfs/3` -> 3), or -1 when there is none. */
export function unitNumber(unit: string): number {
  const number = Number(unit.slice(unit.lastIndexOf('/') + 1));
  return Number.isInteger(number) ? number : -1;
}

export interface SinkPosition {
  readonly relationId: string;
  readonly unit: string;
}

export function compareSinkPosition(a: SinkPosition, b: SinkPosition): number {
  return (
    relationNumber(a.relationId) - relationNumber(b.relationId) ||
    unitNumber(a.unit) - unitNumber(b.unit) ||
    // Same numbers only across different applications of one relation id, which Juju never makes; keep it total.
    (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0)
  );
}
