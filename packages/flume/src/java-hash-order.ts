// The iteration order of a java.util.HashSet/HashMap of strings. Flume iterates hash sets where the order
// decides an outcome: which sink group gets a sink two groups name, and which of two failover sinks with the
// same priority is kept. Buckets are (h ^ h >>> 16) & (capacity - 1) of String.hashCode; a bucket keeps
// insertion order (resizing splits buckets without reordering them), and the table doubles past 3/4 full.

export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i += 1) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** `new HashSet<>(items)` (duplicates dropped, first kept), in its iteration order. */
export function javaHashSetOrder(items: readonly string[]): string[] {
  const unique = [...new Set(items)];
  // HashSet(Collection): capacity max(n / .75 + 1, 16), rounded up to a power of two.
  let capacity = 16;
  const wanted = Math.floor(unique.length / 0.75) + 1;
  while (capacity < wanted) capacity *= 2;
  const bucketOf = (s: string): number => {
    const h = javaStringHash(s);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return unique
    .map((s, index) => ({ s, index, bucket: bucketOf(s) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.s);
}
