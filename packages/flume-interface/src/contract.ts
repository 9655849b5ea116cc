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

/** The largest batch a sink can accept: Flume's batch sizes and transaction capacities are Java ints. */
export const MAX_BATCH_SIZE_LIMIT = 2_147_483_647;

/** Version 4's `tls-ca`: at most this many certificates (the CA, then the rest of the chain) ... */
export const MAX_TLS_CA_CERTIFICATES = 8;
/** ... in at most this many bytes of PEM. */
export const MAX_TLS_CA_BYTES = 32 * 1024;

/** The keys of the sink unit's databag. The first five are written by the sink charm, the last two by Juju. */
export const KEYS = {
  port: 'port',
  protocol: 'protocol',
  compression: 'compression-type',
  maxBatchSize: 'max-batch-size',
  tlsCa: 'tls-ca',
  ingressAddress: 'ingress-address',
  privateAddress: 'private-address',
} as const;

/** What the sink charm publishes, as it appears on the wire. (Type aliases, not interfaces: they are stored as JSON.) */
export type PublishedSinkData = {
  port: string;
  protocol: string;
  'compression-type': string;
  /** Version 3: the largest RPC batch the sink's source can put into its channel (its transaction capacity). */
  'max-batch-size'?: string;
};

/** A validated sink, as the agent uses it. */
export type SinkData = {
  /**
   * The first of `ingress-address`, `private-address` that Flume can connect to: an IPv4 address or a hostname.
   * An IPv6 literal is skipped: Flume's RPC clients split `host:port` on `:` ("Invalid hostname").
   */
  host: string;
  port: number;
  protocol: Protocol;
  compression: CompressionType;
  /** Absent for sinks that do not publish it (the Python original): the agent then uses its own batch size. */
  maxBatchSize?: number;
  /**
   * Version 4: the sink's source accepts TLS only, and the agent must trust exactly these certificates (a
   * normalised PEM bundle: the CA that signed the sink's certificate, then the rest of its chain). Absent: plaintext.
   */
  tlsCa?: string;
};
