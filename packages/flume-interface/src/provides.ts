// The sink side of flume-agent: tells every related agent where to send its events.
// The configuration is remembered in unit state, so relations that join later receive it without the charm
// calling sendConfiguration() again; the flags are recomputed from the joined units in every hook, so one
// departing agent never clears them for the others (the Python layer's GLOBAL-scope bug).
import { Endpoint, toggleFlag } from '@flume-charms/reactive';
import { DEFAULT_COMPRESSION, KEYS, type PublishedSinkData } from './contract';

const CONFIGURATION_KEY = 'configuration';

function isPublishedSinkData(value: unknown): value is PublishedSinkData {
  if (typeof value !== 'object' || value === null) return false;
  const bag = value as Record<string, unknown>;
  return [KEYS.port, KEYS.protocol, KEYS.compression].every((key) => typeof bag[key] === 'string');
}

export class FlumeAgentProvides extends Endpoint {
  protected override manageFlags(): void {
    const configuration = this.configuration();
    if (configuration) this.publish(configuration);
    this.updateFlags();
  }

  /**
   * The seed's `send_configuration(port, protocol='avro')`, plus the avro compression the agent must match.
   * Validates the values (else throws InvalidConfigurationError, naming the key), remembers them, and
   * publishes them to every relation of the endpoint at the end of the hook, only where a value changed.
   */
  async sendConfiguration(port: number | string, protocol = 'avro', compression: string = DEFAULT_COMPRESSION): Promise<void> {
    const { publishedSinkData } = await import('./schema');
    const configuration = publishedSinkData(port, protocol, compression);
    this.kv.set(CONFIGURATION_KEY, configuration);
    this.publish(configuration);
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
    }
  }

  private updateFlags(): void {
    toggleFlag(this.expandName('{endpoint_name}.connected'), this.joined);
    // Every relation carries the configuration (publish() above), so any joined agent unit has it.
    toggleFlag(this.expandName('{endpoint_name}.available'), this.joined && this.configuration() !== undefined);
  }
}
