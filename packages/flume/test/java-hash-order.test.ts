import { javaHashSetOrder, javaStringHash } from '../src/java-hash-order';

// Expected values printed by Java 17 (String.hashCode, new HashSet<>(Arrays.asList(...)).toString()).
// The order decides which sink group gets a sink two groups name, and which of two equal-priority
// failover sinks Flume keeps.
describe('java.util.HashSet order of strings', () => {
  test('String.hashCode, including non-ASCII text', () => {
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('\u00e9t\u00e9')).toBe(227742);
  });

  test('iteration order of small sets differs from insertion order', () => {
    expect(javaHashSetOrder(['g2', 'g1'])).toEqual(['g1', 'g2']);
    expect(javaHashSetOrder(['sink-flume-hdfs-2', 'sink-flume-hdfs-10', 'sink-flume-hdfs-1', 'sink-flume-hdfs-0'])).toEqual([
      'sink-flume-hdfs-1', 'sink-flume-hdfs-0', 'sink-flume-hdfs-2', 'sink-flume-hdfs-10',
    ]);
  });

  test('colliding hashes keep insertion order; duplicates collapse', () => {
    expect(javaHashSetOrder(['Aa', 'BB', 'x', 'Aa'])).toEqual(['Aa', 'BB', 'x']); // "Aa" and "BB" share a hash
  });

  test('a set past 12 elements gets a larger table', () => {
    const many = Array.from({ length: 20 }, (_, i) => `k${i * 7}`);
    expect(javaHashSetOrder(many)).toEqual(
      'k91 k0 k70 k84 k42 k63 k77 k21 k98 k7 k35 k56 k14 k28 k49 k112 k133 k105 k126 k119'.split(' '),
    );
  });
});
