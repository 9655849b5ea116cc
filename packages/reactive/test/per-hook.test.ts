// perHook: one computation per hook for a key, shared by the hook's handlers; a new hook computes again.
import { forgetPerHook, hook, perHook, resetRegistry } from '../src';
import { FakeJuju, tempCharmDir } from './support/fake-juju';
import { runWith } from './support/run';

beforeEach(() => resetRegistry());

test('handlers of one hook share the value; the next hook computes it again', async () => {
  const juju = new FakeJuju();
  const dir = tempCharmDir();
  let computed = 0;
  const seen: number[] = [];
  const reading = (): number => perHook('reading', () => ++computed);
  hook('update-status').do(function first() {
    seen.push(reading());
  });
  hook('update-status').do(function second() {
    seen.push(reading());
  });
  expect((await runWith(juju, dir, 'update-status')).exitCode).toBe(0);
  expect((await runWith(juju, dir, 'update-status')).exitCode).toBe(0);
  expect(seen).toEqual([1, 1, 2, 2]);
});

test('a forgotten key is computed again within the same hook', async () => {
  const juju = new FakeJuju();
  let computed = 0;
  const seen: number[] = [];
  hook('update-status').do(function readRestartRead() {
    seen.push(perHook('reading', () => ++computed));
    forgetPerHook('reading');
    seen.push(perHook('reading', () => ++computed));
    seen.push(perHook('reading', () => ++computed));
  });
  expect((await runWith(juju, tempCharmDir(), 'update-status')).exitCode).toBe(0);
  expect(seen).toEqual([1, 2, 2]);
});

test('outside a hook nothing is kept', () => {
  let computed = 0;
  expect([perHook('reading', () => ++computed), perHook('reading', () => ++computed)]).toEqual([1, 2]);
});
