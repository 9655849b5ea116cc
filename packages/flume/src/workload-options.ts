// The config options every Flume charm has, validated against Flume's own constraints (FileChannel and
// MemoryChannel read capacity, transactionCapacity and batch sizes as Java ints; a take larger than the
// channel's transaction fails; bin/flume-ng expands JAVA_OPTS unquoted). The charms keep their own option
// lists and charm-specific checks, and read these last, in this order.
import { isValidHeapSize } from './java-opts';
import { isValidPackageName } from './java';
import { intOption, OptionError, oneOfOption, showValue, stringOption, type RawOptions } from './option-values';

export const CHANNEL_TYPES = ['file', 'memory'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Flume parses these counts as Java ints. */
const JAVA_INT_MAX = 2_147_483_647;

/** The validated workload options, named as the charms' typed configs name them. */
export interface WorkloadOptions {
  readonly channelType: ChannelType;
  readonly channelCapacity: number;
  readonly channelTransactionCapacity: number;
  /** Events per sink batch: never more than the channel's transaction capacity. */
  readonly batchSize: number;
  /** -Xms/-Xmx, e.g. 512m. */
  readonly heapSize: string;
  readonly javaPackage: string;
  /** Port of Flume's HTTP JSON metrics. */
  readonly metricsPort: number;
}

/** channel_type: file (durable) or memory. */
export function channelTypeOption(raw: RawOptions): ChannelType {
  return oneOfOption(raw, 'channel_type', CHANNEL_TYPES);
}

/** channel_capacity, channel_transaction_capacity and batch_size, with batch <= transaction <= capacity. */
export function channelSizeOptions(raw: RawOptions): Pick<WorkloadOptions, 'channelCapacity' | 'channelTransactionCapacity' | 'batchSize'> {
  const channelCapacity = intOption(raw, 'channel_capacity', 1, JAVA_INT_MAX);
  const channelTransactionCapacity = intOption(raw, 'channel_transaction_capacity', 1, JAVA_INT_MAX);
  if (channelTransactionCapacity > channelCapacity) {
    // The channel fails to configure (FileChannel/MemoryChannel check it).
    throw new OptionError('channel_transaction_capacity', `${channelTransactionCapacity} is greater than channel_capacity ${channelCapacity}`);
  }
  const batchSize = intOption(raw, 'batch_size', 1, JAVA_INT_MAX);
  if (batchSize > channelTransactionCapacity) {
    // Every take of a full batch would fail: the sink never drains.
    throw new OptionError('batch_size', `${batchSize} is greater than channel_transaction_capacity ${channelTransactionCapacity}`);
  }
  return { channelCapacity, channelTransactionCapacity, batchSize };
}

/** heap_size: one JVM size word (it lands unquoted in JAVA_OPTS). */
export function heapSizeOption(raw: RawOptions): string {
  const heapSize = stringOption(raw, 'heap_size').trim();
  if (!isValidHeapSize(heapSize)) throw new OptionError('heap_size', `${showValue(heapSize)} is not a size such as 256m or 1g`);
  return heapSize;
}

/** java_package: a Debian package name (and so never an apt-get option). */
export function javaPackageOption(raw: RawOptions): string {
  const javaPackage = stringOption(raw, 'java_package').trim();
  if (!isValidPackageName(javaPackage)) throw new OptionError('java_package', `${showValue(javaPackage)} is not an apt package name`);
  return javaPackage;
}

/** metrics_port: a TCP port; the charm checks it against the ports its sources listen on. */
export function metricsPortOption(raw: RawOptions): number {
  return intOption(raw, 'metrics_port', 1, 65535);
}

/** Every workload option, in the order the charms list them; the first invalid one throws. */
export function workloadOptions(raw: RawOptions): WorkloadOptions {
  const channelType = channelTypeOption(raw);
  const sizes = channelSizeOptions(raw);
  const heapSize = heapSizeOption(raw);
  const javaPackage = javaPackageOption(raw);
  const metricsPort = metricsPortOption(raw);
  return { channelType, ...sizes, heapSize, javaPackage, metricsPort };
}
