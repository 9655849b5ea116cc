// Typed errors of the flume-agent interface. This file has no dependencies, so that a charm can
// `instanceof`-check them without loading the schema (and zod).

/** A sink unit published data that breaks the databag contract (see README.md). */
export class InvalidSinkDataError extends Error {
  override readonly name = 'InvalidSinkDataError';
  constructor(
    /** The sink unit, e.g. `flume-hdfs/0`. */
    readonly unit: string,
    /** Why its data is invalid, safe to show in a status message (values are quoted and truncated). */
    readonly reason: string,
  ) {
    super(`invalid flume-agent data from ${unit}: ${reason}`);
  }
}

/** The agent asked for a sink (`getFlumeIp()` ...) but no related sink unit has published valid data. */
export class NoSinkAvailableError extends Error {
  override readonly name = 'NoSinkAvailableError';
  constructor(
    readonly endpoint: string,
    /** How many related sink units have invalid data, to tell "waiting" from "misconfigured". */
    readonly invalidCount: number,
  ) {
    super(
      invalidCount > 0
        ? `no flume sink available on ${endpoint}: ${invalidCount} sink unit(s) sent invalid data`
        : `no flume sink available on ${endpoint} yet`,
    );
  }
}

/** `sendConfiguration()` was called with a value the databag contract does not allow. */
export class InvalidConfigurationError extends Error {
  override readonly name = 'InvalidConfigurationError';
  constructor(
    /** The databag key whose value is wrong: `port`, `protocol`, `compression-type`, `max-batch-size` or `tls-ca`. */
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid flume-agent configuration: ${key}: ${reason}`);
  }
}
