import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Endpoint, HandlerBuilder, hook, onlyOnce, registerEndpoint, RegistrationError, resetRegistry, setFlag, when, whenFileChanged, whenNot } from '../src';
import { expandHookPattern } from '../src/hook-pattern';
import { endpointRegistrations } from '../src/endpoint';
import { FakeJuju, relationEnv, tempCharmDir } from './support/fake-juju';
import { invoked, runWith } from './support/run';

let juju: FakeJuju;
let dir: string;
class A extends Endpoint {}
class B extends Endpoint {}
beforeEach(() => {
  resetRegistry();
  juju = new FakeJuju();
  dir = tempCharmDir();
});

test('hook patterns expand {ROLE:NAME} to the registered relations and {a,b} to alternatives', () => {
  registerEndpoint('sink', A, { role: 'provides', interface: 'flume-agent' });
  registerEndpoint('upstream', B, { role: 'requires', interface: 'flume-agent' });
  registerEndpoint('cluster', B, { role: 'peers' });
  const relations = endpointRegistrations();
  expect(expandHookPattern('{provides:flume-agent}-relation-{joined,changed}', relations)).toEqual([
    'sink-relation-joined',
    'sink-relation-changed',
  ]);
  expect(expandHookPattern('{requires:flume-agent}-relation-broken', relations)).toEqual(['upstream-relation-broken']);
  expect(expandHookPattern('{peers:cluster}-relation-joined', relations)).toEqual(['cluster-relation-joined']);
  expect(expandHookPattern('{requires:nothing}-relation-joined', relations)).toEqual([]);
  expect(expandHookPattern('{install,upgrade-charm}', relations)).toEqual(['install', 'upgrade-charm']);
});

test('when() passes the endpoints of its flags, in flag order, skipping flags that name no endpoint', async () => {
  registerEndpoint('a', A);
  registerEndpoint('b', B);
  juju.relate('a:1', 'x', { 'x/0': {} });
  juju.relate('b:2', 'y', { 'y/0': {} });
  let got: string[] = [];
  when('endpoint.b.joined', 'app.ready', 'endpoint.a.joined').do(function h(first: Endpoint, second: Endpoint) {
    got = [first.endpointName, second.endpointName];
  });
  whenNot('app.ready').do(function ready() {
    setFlag('app.ready');
  });
  await runWith(juju, dir, 'a-relation-joined', relationEnv('a:1', 'x/0'));
  await runWith(juju, dir, 'b-relation-joined', relationEnv('b:2', 'y/0'));
  expect(got).toEqual(['b', 'a']);
});

test('onlyOnce runs a handler once in the life of the unit', async () => {
  onlyOnce().do(function firstBoot() {});
  expect(invoked(await runWith(juju, dir, 'install'))).toEqual(['firstBoot']);
  expect(invoked(await runWith(juju, dir, 'start'))).toEqual([]);
});

test('a failed hook does not count an onlyOnce run', async () => {
  onlyOnce().do(function firstBoot() {});
  whenNot('x').do(function fail() {
    throw new Error('no');
  });
  await runWith(juju, dir, 'install');
  resetRegistry();
  onlyOnce().do(function firstBoot() {});
  expect(invoked(await runWith(juju, dir, 'install'))).toEqual(['firstBoot']);
});

test('whenFileChanged runs when the content changed since the last check', async () => {
  const file = join(dir, 'flume.conf');
  writeFileSync(file, 'a');
  whenFileChanged(file).do(function reload() {});
  expect(invoked(await runWith(juju, dir, 'install'))).toEqual(['reload']);
  expect(invoked(await runWith(juju, dir, 'update-status'))).toEqual([]);
  writeFileSync(file, 'b');
  expect(invoked(await runWith(juju, dir, 'update-status'))).toEqual(['reload']);
});

test('registration errors: hook with when, onlyOnce without a name, no condition, an endpoint twice', () => {
  expect(() => hook('install').when('a').do(function h() {})).toThrow(RegistrationError);
  expect(() => onlyOnce().do(() => {})).toThrow(/named handler/);
  expect(() => new HandlerBuilder().do(function bare() {})).toThrow(/no condition/);
  registerEndpoint('a', A);
  expect(() => registerEndpoint('a', B)).toThrow(/already registered/);
});

test('handlers with the same function name get distinct ids', async () => {
  whenNot('x').do(function same() {});
  whenNot('y').do(function same() {});
  expect(invoked(await runWith(juju, dir, 'install'))).toEqual(['same', 'same#2']);
});
