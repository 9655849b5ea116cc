import { resetRegistry, when, config } from '../src';
import { FakeJuju, tempCharmDir } from './support/fake-juju';
import { invoked, runWith, storedState } from './support/run';

let juju: FakeJuju;
let dir: string;
beforeEach(() => {
  resetRegistry();
  juju = new FakeJuju();
  dir = tempCharmDir();
});

const defaults = { port: 4141, channel: 'memory', dir: null };

test('first hook: every option changed; set and default flags follow the values; changed flags end with the hook', async () => {
  juju.config = { port: 4141, channel: 'file', dir: null };
  const seen: string[] = [];
  when('config.changed').do(function onChange() {
    seen.push('changed');
  });
  when('config.changed.channel').do(function onChannel() {
    seen.push('channel');
  });
  await runWith(juju, dir, 'install', {}, { configDefaults: defaults });
  expect(seen).toEqual(['changed', 'channel']);
  expect(storedState(dir).flags.sort()).toEqual(['config.default.dir', 'config.default.port', 'config.set.channel', 'config.set.port']);
});

test('later hooks: only options that differ from the previous hook are changed', async () => {
  juju.config = { port: 4141, channel: 'memory', dir: null };
  await runWith(juju, dir, 'install', {}, { configDefaults: defaults });
  when('config.changed.port').do(function portChanged() {});
  when('config.changed.channel').do(function channelChanged() {});
  expect(invoked(await runWith(juju, dir, 'config-changed', {}, { configDefaults: defaults }))).toEqual([]);

  juju.config = { port: 5000, channel: 'memory', dir: '/data' };
  const run = await runWith(juju, dir, 'config-changed', {}, { configDefaults: defaults });
  expect(invoked(run)).toEqual(['portChanged']);
  const flags = storedState(dir).flags;
  expect(flags).toContain('config.set.dir');
  expect(flags).not.toContain('config.default.port');
  expect(flags).not.toContain('config.default.dir');
});

test('config-get runs once per hook however often handlers read the config', async () => {
  juju.config = { port: 1 };
  when('config.set.port').do(async function a() {
    await config();
  });
  when('config.set.port').do(async function b() {
    expect((await config()).port).toBe(1);
  });
  await runWith(juju, dir, 'install');
  expect(juju.callsOf('config-get')).toHaveLength(1);
});

test('falsy values leave config.set unset (layer:basic uses Python truthiness)', async () => {
  juju.config = { a: '', b: 0, c: false, d: 'x', e: null };
  await runWith(juju, dir, 'install');
  expect(storedState(dir).flags.filter((f) => f.startsWith('config.set.'))).toEqual(['config.set.d']);
});
