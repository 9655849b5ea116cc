import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnitStateError } from '../src';
import { UnitState } from '../src/unit-state';
import { tempCharmDir } from './support/fake-juju';

test('round trip: flags and kv come back; the file is 0600 and sorted', () => {
  const dir = tempCharmDir();
  const state = UnitState.load(dir);
  state.flags.add('b');
  state.flags.add('a');
  state.kv.set('k', { nested: [1, 'two'] });
  expect(state.write()).toBe(true);
  const again = UnitState.load(dir);
  expect([...again.flags]).toEqual(['a', 'b']);
  expect(again.kv.get('k')).toEqual({ nested: [1, 'two'] });
  expect(statSync(join(dir, '.unit-state.json')).mode & 0o777).toBe(0o600);
  expect(JSON.parse(readFileSync(join(dir, '.unit-state.json'), 'utf8')).flags).toEqual(['a', 'b']);
});

test('an unchanged state is not rewritten', () => {
  const dir = tempCharmDir();
  const state = UnitState.load(dir);
  state.flags.add('x');
  state.write();
  const again = UnitState.load(dir);
  again.kv.set('k', 1);
  again.kv.unset('k');
  expect(again.write()).toBe(false);
});

test('kv values are copies: mutating a read value does not change the store', () => {
  const state = UnitState.empty(tempCharmDir());
  state.kv.set('list', [1]);
  const list = state.kv.get<number[]>('list') as number[];
  list.push(2);
  expect(state.kv.get('list')).toEqual([1]);
});

test('namespaced views read and write under their prefix', () => {
  const state = UnitState.empty(tempCharmDir());
  const view = state.kv.namespace('endpoint.x.');
  view.set('a', 1);
  view.namespace('sub.').set('b', 2);
  expect(state.kv.keys()).toEqual(['endpoint.x.a', 'endpoint.x.sub.b']);
  expect(view.keys()).toEqual(['a', 'sub.b']);
  expect(view.has('a')).toBe(true);
});

test('invalid JSON or an unknown shape is a UnitStateError, and the file is left alone', () => {
  const dir = tempCharmDir();
  const path = join(dir, '.unit-state.json');
  writeFileSync(path, 'not json');
  expect(() => UnitState.load(dir)).toThrow(UnitStateError);
  writeFileSync(path, JSON.stringify({ flags: 'a' }));
  expect(() => UnitState.load(dir)).toThrow(/version: 1/);
  expect(readFileSync(path, 'utf8')).toBe(JSON.stringify({ flags: 'a' }));
});

test('a failed write throws and leaves no temp file behind', () => {
  const dir = tempCharmDir();
  // A non-empty directory where the file should be makes rename fail, even for root.
  mkdirSync(join(dir, '.unit-state.json'));
  writeFileSync(join(dir, '.unit-state.json', 'keep'), '');
  const state = UnitState.empty(dir);
  state.flags.add('new');
  expect(() => state.write()).toThrow();
  expect(readdirSync(dir)).toEqual(['.unit-state.json']);
});
