import { clearFlag, registerTrigger, RegistrationError, resetRegistry, setFlag, whenNot, when } from '../src';
import { FakeJuju, tempCharmDir } from './support/fake-juju';
import { invoked, runWith, storedState } from './support/run';

let juju: FakeJuju;
let dir: string;
beforeEach(() => {
  resetRegistry();
  juju = new FakeJuju();
  dir = tempCharmDir();
});

test('when: setting the flag sets and clears the trigger flags at once, before any handler tests them', async () => {
  registerTrigger({ when: 'config.changed.port', clearFlag: 'app.configured' });
  registerTrigger({ when: 'app.started', setFlag: ['app.running', 'app.seen'] });
  whenNot('app.configured').do(function configure() {
    setFlag('app.configured');
    setFlag('app.started');
  });
  juju.config = { port: 1 };
  await runWith(juju, dir, 'install');
  expect(storedState(dir).flags).toEqual(expect.arrayContaining(['app.configured', 'app.running', 'app.seen']));

  // The port changes: config.changed.port clears app.configured, so configure runs again.
  juju.config = { port: 2 };
  const run = await runWith(juju, dir, 'config-changed');
  expect(invoked(run)).toEqual(['configure']);
});

test('whenNot: clearing the flag fires; setting an already set flag or clearing an unset one does not', async () => {
  let callbacks = 0;
  registerTrigger({ whenNot: 'app.running', setFlag: 'app.needs-restart', callback: () => callbacks++ });
  whenNot('seeded').do(function seed() {
    setFlag('seeded');
    clearFlag('app.running'); // not set: no transition, no trigger
    setFlag('app.running');
    setFlag('app.running');
  });
  await runWith(juju, dir, 'install');
  expect(storedState(dir).flags).not.toContain('app.needs-restart');
  expect(callbacks).toBe(0);

  resetRegistry();
  registerTrigger({ whenNot: 'app.running', setFlag: 'app.needs-restart', callback: () => callbacks++ });
  when('app.running').do(function stop() {
    clearFlag('app.running');
  });
  await runWith(juju, dir, 'update-status');
  expect(storedState(dir).flags).toContain('app.needs-restart');
  expect(callbacks).toBe(1);
});

test('a trigger needs exactly one condition and an effect', () => {
  expect(() => registerTrigger({ setFlag: 'x' })).toThrow(RegistrationError);
  expect(() => registerTrigger({ when: 'a', whenNot: 'b', setFlag: 'x' })).toThrow(RegistrationError);
  expect(() => registerTrigger({ when: 'a' })).toThrow(/setFlag, clearFlag or callback/);
});
