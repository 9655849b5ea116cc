// The sink side of flume-agent: tells every related agent where to send its events.
// The configuration is remembered in unit state, so relations that join later receive it without the charm
// calling sendConfiguration() again; the flags are recomputed from the joined units in every hook, so one
// departing agent never clears them for the others (the Python layer's GLOBAL-scope bug).
import { Endpoint, toggleFlag } from '@flume-charms/reactive';
import { DEFAULT_COMPRESSION, KEYS, type PublishedSinkData } from './contract';
import { InvalidConfigurationError } from './errors';

const CONFIGURATION_KEY = 'configuration';
const WITHDRAWN_KEY = 'withdrawn';
const TLS_CA_KEY = 'tls-ca';

function isPublishedSinkData(value: unknown): value is PublishedSinkData {
  if (typeof value !== 'object' || value === null) return false;
  const bag = value as Record<string, unknown>;
  const maxBatch = bag[KEYS.maxBatchSize];
  return [KEYS.port, KEYS.protocol, KEYS.compression].every((key) => typeof bag[key] === 'string') && (maxBatch === undefined || typeof maxBatch === 'string');
}

export class FlumeAgentProvides extends Endpoint {
  protected override manageFlags(): void {
    const configuration = this.configuration();
    if (this.withdrawn) this.unpublishAddress();
    else if (configuration) this.publish(configuration);
    this.publishTlsCa();
    this.updateFlags();
  }

  /**
   * Version 4: this sink's source accepts TLS only, and agents must trust `bundle` (the CA that signed the
   * sink's certificate, then the rest of its chain, PEM); undefined goes back to plaintext. Validates the bundle
   * (else throws InvalidConfigurationError for `tls-ca`), remembers it, and publishes it to every relation at the
   * end of the hook, also to relations that join later; "" deletes the key. withdraw() leaves it alone.
   */
  async setTlsCa(bundle: string | undefined): Promise<void> {
    if (bundle === undefined || bundle === '') {
      this.kv.unset(TLS_CA_KEY);
    } else {
      const { checkTlsCa } = await import('./tls-ca');
      const check = checkTlsCa(bundle);
      if (check.kind === 'invalid') throw new InvalidConfigurationError(KEYS.tlsCa, check.reason);
      this.kv.set(TLS_CA_KEY, check.bundle);
    }
    this.publishTlsCa();
  }

  /** The bundle last given to setTlsCa(), normalised; undefined when the sink speaks plaintext. */
  tlsCa(): string | undefined {
    const stored = this.kv.get(TLS_CA_KEY);
    return typeof stored === 'string' && stored !== '' ? stored : undefined;
  }

  private publishTlsCa(): void {
    const value = this.tlsCa() ?? '';
    for (const relation of this.relations) {
      if ((relation.toPublishRaw[KEYS.tlsCa] ?? '') !== value) relation.toPublishRaw[KEYS.tlsCa] = value;
    }
  }

  /**
   * This sink stopped serving (Flume stopped, blocked, nowhere to write): `port` and `protocol` leave every
   * databag at the end of the hook, so that agents stop sending here and buffer (without both keys an agent
   * sees the unit as not yet available, as the Python layer's agents do). Remembered until resume().
   */
  withdraw(): void {
    this.kv.set(WITHDRAWN_KEY, true);
    this.unpublishAddress();
  }

  /** Serving again: the configuration last given to sendConfiguration() is published again. */
  resume(): void {
    if (!this.withdrawn) return;
    this.kv.unset(WITHDRAWN_KEY);
    const configuration = this.configuration();
    if (configuration) this.publish(configuration);
  }

  /** Whether withdraw() took the address off the databags. */
  get withdrawn(): boolean {
    return this.kv.get(WITHDRAWN_KEY) === true;
  }

  private unpublishAddress(): void {
    for (const relation of this.relations) {
      for (const key of [KEYS.port, KEYS.protocol]) {
        if ((relation.toPublishRaw[key] ?? '') !== '') relation.toPublishRaw[key] = '';
      }
    }
  }

  /**
   * The seed's `send_configuration(port, protocol='avro')`, plus the avro compression the agent must match and
   * the largest batch the sink's source can put into its channel in one transaction (the agent caps its
   * batch-size there: a bigger RPC batch is refused forever). Validates the values (else throws
   * InvalidConfigurationError, naming the key), remembers them, and publishes them to every relation of the
   * endpoint at the end of the hook, only where a value changed.
   */
  async sendConfiguration(
    port: number | string,
    protocol = 'avro',
    compression: string = DEFAULT_COMPRESSION,
    maxBatchSize?: number | string,
  ): Promise<void> {
    const { publishedSinkData } = await import('./schema');
    const configuration = publishedSinkData(port, protocol, compression, maxBatchSize);
    this.kv.set(CONFIGURATION_KEY, configuration);
    if (!this.withdrawn) this.publish(configuration);
    this.updateFlags();
  }

  /** The configuration last given to sendConfiguration(), if any. */
  configuration(): PublishedSinkData | undefined {
    const stored = this.kv.get(CONFIGURATION_KEY);
    return isPublishedSinkData(stored) ? stored : undefined;
  }

  private publish(configuration: PublishedSinkData): void {
    for (const relation of this.relations) {
      for (const [key, value] of Object.entries(configuration)) {
        if (relation.toPublishRaw[key] !== value) relation.toPublishRaw[key] = value;
      }
      // No longer sent (e.g. a charm that stopped publishing it): "" deletes the key on the wire.
      if (configuration[KEYS.maxBatchSize] === undefined && (relation.toPublishRaw[KEYS.maxBatchSize] ?? '') !== '') {
        relation.toPublishRaw[KEYS.maxBatchSize] = '';
      }
    }
  }

  private updateFlags(): void {
    toggleFlag(this.expandName('{endpoint_name}.connected'), this.joined);
    // Every relation carries the configuration (publish() above), so any joined agent unit has it.
    toggleFlag(this.expandName('{endpoint_name}.available'), this.joined && this.configuration() !== undefined);
  }
}
