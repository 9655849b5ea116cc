// A typed config for unit tests: the charm's defaults plus overrides, validated as config-get's answer would be.
import { parseConfig, type SinkConfig } from '../../src/config';
import { CONFIG_DEFAULTS } from '../../src/config-defaults';

export function sinkConfig(overrides: Readonly<Record<string, unknown>> = {}): SinkConfig {
  const result = parseConfig({ ...CONFIG_DEFAULTS, ...overrides });
  if (!result.ok) throw new Error(`test config is invalid: ${result.option}: ${result.reason}`);
  return result.config;
}
