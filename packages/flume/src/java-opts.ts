import { UnsafeValueError } from './errors';

// JAVA_OPTS for flume-env.sh. bin/flume-ng expands $JAVA_OPTS UNQUOTED (word splitting and globbing), so
// shell quoting alone is not enough: each option is validated to be one plain word before it is joined.

/** A JVM memory size: -Xmx512m, -Xmx2g. Flume's own default (-Xmx20m) is far too small for a file channel. */
const HEAP_SIZE = /^[1-9][0-9]{0,6}[kKmMgG]$/;
/** One JVM option without whitespace, quotes or glob characters. */
const JVM_OPTION = /^-[A-Za-z0-9_.:=/+,@%-]+$/;

export function isValidHeapSize(size: string): boolean {
  return HEAP_SIZE.test(size);
}

export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

export interface JavaOptsInput {
  /** Heap size for both -Xms and -Xmx, e.g. `512m`. */
  heapSize: string;
  /** Port of the HTTP JSON metrics (-Dflume.monitoring.type=http -Dflume.monitoring.port=N). */
  metricsPort: number;
  /** Further JVM options, each one word. */
  extra?: readonly string[];
}

export function buildJavaOpts(input: JavaOptsInput): string {
  if (!isValidHeapSize(input.heapSize)) {
    throw new UnsafeValueError('heap_size', `${JSON.stringify(input.heapSize)} is not a heap size such as 512m or 2g`);
  }
  if (!isValidPort(input.metricsPort)) {
    throw new UnsafeValueError('metrics_port', `${JSON.stringify(input.metricsPort)} is not a port number`);
  }
  const options = [
    `-Xms${input.heapSize}`,
    `-Xmx${input.heapSize}`,
    '-Dflume.monitoring.type=http',
    `-Dflume.monitoring.port=${input.metricsPort}`,
    ...(input.extra ?? []),
  ];
  for (const option of options) {
    if (!JVM_OPTION.test(option)) throw new UnsafeValueError('java_opts', `unsafe JVM option ${JSON.stringify(option)}`);
  }
  return options.join(' ');
}
