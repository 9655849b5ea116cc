// The names and value sets of the flume-agent databag contract, without the validator (which loads zod):
// provides.ts and requires.ts import these at module load; they load ./schema only when they validate.

export const PROTOCOLS = ['avro', 'thrift'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const COMPRESSION_TYPES = ['none', 'deflate'] as const;
export type CompressionType = (typeof COMPRESSION_TYPES)[number];
/** What an agent assumes when a sink (e.g. the old Python layer) does not publish `compression-type`. */
export const DEFAULT_COMPRESSION: CompressionType = 'none';
/** The longest value we accept: the longest DNS name. Every legitimate value is shorter. */
export const MAX_VALUE_LENGTH = 253;

/** The keys of the sink unit's databag. The first three are written by the sink charm, the last two by Juju. */
export const KEYS = {
  port: 'port',
  protocol: 'protocol',
  compression: 'compression-type',
  ingressAddress: 'ingress-address',
  privateAddress: 'private-address',
} as const;

/** What the sink charm publishes, as it appears on the wire. (Type aliases, not interfaces: they are stored as JSON.) */
export type PublishedSinkData = {
  port: string;
  protocol: string;
  'compression-type': string;
};

/** A validated sink, as the agent uses it. */
export type SinkData = {
  /** From `ingress-address`, else `private-address`. */
  host: string;
  port: number;
  protocol: Protocol;
  compression: CompressionType;
};
