// Every test event carries a unique id, `run-<seed>-<n>`, so that a counter can tell delivered, lost and
// duplicated events apart by reading what the sinks wrote. The seed keeps runs (and test cases) apart.

export interface EventBatch {
  readonly seed: string;
  /** The ids, in sending order. */
  readonly ids: readonly string[];
}

/** `count` ids `run-<seed>-<first>` … `run-<seed>-<first+count-1>`. */
export function eventBatch(seed: string, count: number, first = 0): EventBatch {
  if (!/^[A-Za-z0-9_]+$/.test(seed)) throw new Error(`event seed must be letters, digits or _: ${JSON.stringify(seed)}`);
  return { seed, ids: Array.from({ length: count }, (_, i) => `run-${seed}-${first + i}`) };
}

/** A seed unique to this process and moment, with a label: `tcp_k3x9a2`. */
export function uniqueSeed(label: string): string {
  return `${label.replace(/[^A-Za-z0-9]/g, '_')}_${process.pid.toString(36)}${Date.now().toString(36)}`;
}

/** Every event id in a text, in order of appearance (a line may be cut, so ids end at a non-id character). */
export function idsIn(text: string): string[] {
  return text.match(/run-[A-Za-z0-9_]+-\d+/g) ?? [];
}
