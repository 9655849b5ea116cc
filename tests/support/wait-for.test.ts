import { waitFor, waitUntil, waitUntilStable, WaitTimeoutError } from './wait-for';

test('waitUntil returns the first value that satisfies the condition; a throwing probe counts as not yet', async () => {
  let calls = 0;
  const value = await waitUntil(() => {
    calls += 1;
    if (calls < 3) throw new Error('not up yet');
    return calls;
  }, (n) => n >= 4, { timeoutMs: 5000, intervalMs: 1 });
  expect(value).toBe(4);
});

test('a timeout names what was awaited and the last value or error seen', async () => {
  await expect(waitFor(() => false, { timeoutMs: 20, intervalMs: 5, what: 'the sink' })).rejects.toThrow(
    /waiting for the sink; last seen: false/,
  );
  await expect(waitUntil(() => { throw new Error('ECONNREFUSED'); }, () => true, { timeoutMs: 20, intervalMs: 5 }))
    .rejects.toBeInstanceOf(WaitTimeoutError);
});

test('waitUntilStable returns once the value stopped changing', async () => {
  const values = [1, 2, 3, 3, 3, 3, 3, 3];
  let i = 0;
  const value = await waitUntilStable(() => values[Math.min(i++, values.length - 1)]!, (a, b) => a === b,
    { timeoutMs: 5000, intervalMs: 5, quietMs: 15 });
  expect(value).toBe(3);
  expect(i).toBeGreaterThan(3);
});
