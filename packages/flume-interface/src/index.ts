// @flume-charms/flume-interface: the flume-agent relation, both sides.
// The validator (./schema, which loads zod) is not re-exported here: the endpoints load it only when they
// validate, and `loadSchema()` gives charms and tests the same lazy access.
export { FlumeAgentProvides } from './provides';
export { FlumeAgentRequires, type Sink, type InvalidSink } from './requires';
export { InvalidSinkDataError, NoSinkAvailableError, InvalidConfigurationError } from './errors';
export {
  PROTOCOLS,
  COMPRESSION_TYPES,
  DEFAULT_COMPRESSION,
  KEYS,
  MAX_BATCH_SIZE_LIMIT,
  MAX_VALUE_LENGTH,
  MAX_TLS_CA_BYTES,
  MAX_TLS_CA_CERTIFICATES,
  type Protocol,
  type CompressionType,
  type PublishedSinkData,
  type SinkData,
} from './contract';
export { compareSinkPosition, relationNumber, unitNumber } from './sink-order';

/** The databag validator (zod/mini), loaded on demand. */
export const loadSchema = (): Promise<typeof import('./schema')> => import('./schema');
