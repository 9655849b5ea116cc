import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resetRegistry, when, config } from '../src';
import { CONFIG_UNSETTLED_FILE } from '../src/stored-config';
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

describe('update-status answers config from the last committed hook (issue 15)', () => {
  test('no config-get: config() and the flags are those the last hook stored', async () => {
    juju.config = { port: 4141, channel: 'file', dir: null };
    await runWith(juju, dir, 'install', {}, { configDefaults: defaults });
    const flagsBefore = storedState(dir).flags.sort();
    let seen: unknown;
    when('config.set.port').do(async function read() {
      seen = (await config()).channel;
    });
    juju.reset();
    const run = await runWith(juju, dir, 'update-status', {}, { configDefaults: defaults });
    expect(run.exitCode).toBe(0);
    expect(juju.callsOf('config-get')).toHaveLength(0);
    expect(seen).toBe('file');
    expect(storedState(dir).flags.sort()).toEqual(flagsBefore);
  });

  test('with nothing stored, and in every other hook, config-get runs', async () => {
    juju.config = { port: 1 };
    await runWith(juju, dir, 'update-status');
    expect(juju.callsOf('config-get')).toHaveLength(1);
    for (const hook of ['config-changed', 'start', 'upgrade-charm']) {
      juju.reset();
      await runWith(juju, dir, hook);
      expect(juju.callsOf('config-get')).toHaveLength(1);
    }
  });

  test('a hook that saw a new config and failed (resolved --no-retry): the next update-status runs config-get and sees the change', async () => {
    juju.config = { port: 1 };
    await runWith(juju, dir, 'install');
    let fail = true;
    const changes: unknown[] = [];
    when('config.changed.port').do(async function apply() {
      changes.push((await config()).port);
      if (fail) throw new Error('killed');
    });
    juju.config = { port: 2 };
    expect((await runWith(juju, dir, 'config-changed')).exitCode).toBe(1);
    fail = false;

    juju.reset();
    expect((await runWith(juju, dir, 'update-status')).exitCode).toBe(0);
    expect(juju.callsOf('config-get')).toHaveLength(1);
    expect(changes).toEqual([2, 2]);

    // Committed: the next update-status trusts the stored copy again, and nothing is left behind.
    juju.reset();
    expect((await runWith(juju, dir, 'update-status')).exitCode).toBe(0);
    expect(juju.callsOf('config-get')).toHaveLength(0);
    expect(changes).toEqual([2, 2]);
    expect(existsSync(join(dir, CONFIG_UNSETTLED_FILE))).toBe(false);
  });
});
