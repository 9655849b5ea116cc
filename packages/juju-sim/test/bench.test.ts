import { measureLifecycle, measureToolRoundTrip } from '../src';
import { PROBE } from './support/probe';

describe('bench exports', () => {
  test('measureToolRoundTrip times real client calls from inside a hook', async () => {
    const stats = await measureToolRoundTrip({ calls: 20 });
    expect(stats.calls).toBe(20);
    expect(stats.minMs).toBeGreaterThan(0);
    expect(stats.medianMs).toBeGreaterThanOrEqual(stats.minMs);
    expect(stats.p90Ms).toBeGreaterThanOrEqual(stats.medianMs);
    expect(['c', 'bash']).toContain(stats.client);
  });

  test('measureLifecycle runs deploy, relate, config change and unit removal to the end', async () => {
    const stats = await measureLifecycle({
      provider: { charm: PROBE, app: 'left', endpoint: 'db' },
      requirer: { charm: PROBE, app: 'right', endpoint: 'backend' },
      configChange: { message: 'bench' },
      units: 2,
    });
    expect(stats.errors).toEqual([]);
    expect(stats.hooks).toBeGreaterThan(20);
    expect(stats.toolCalls).toBeGreaterThan(stats.hooks);
  });
});
