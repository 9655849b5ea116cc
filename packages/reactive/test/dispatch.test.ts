import { clearFlag, resetRegistry, setFlag, when, whenAny, whenNone, whenNot, whenNotAll } from '../src';
import { FakeJuju, tempCharmDir } from './support/fake-juju';
import { invoked, runWith } from './support/run';

let juju: FakeJuju;
let dir: string;
beforeEach(() => {
  resetRegistry();
  juju = new FakeJuju();
  dir = tempCharmDir();
});

test('dispatch settles: chained flags run in later iterations, then nothing matches', async () => {
  whenNot('a').do(function first() {
    setFlag('a');
  });
  when('a').whenNot('b').do(function second() {
    setFlag('b');
  });
  when('b').do(function third() {});
  const run = await runWith(juju, dir, 'install');
  expect(run.exitCode).toBe(0);
  expect(invoked(run)).toEqual(['first', 'second', 'third']);
});

test('every matching handler is queued before any runs: a set flag does not stop a queued whenNot handler', async () => {
  whenNot('done').do(function one() {
    setFlag('done');
  });
  whenNot('done').do(function two() {});
  // Setting is not clearing: `two` stays in the queue of this iteration.
  expect(invoked(await runWith(juju, dir, 'install'))).toEqual(['one', 'two']);
});

test('clearing a flag re-tests the rest of the queue', async () => {
  setup();
  function setup(): void {
    whenNot('seeded').do(function seed() {
      setFlag('seeded');
      setFlag('ready');
    });
  }
  await runWith(juju, dir, 'install');
  resetRegistry();
  when('ready').do(function unready() {
    clearFlag('ready');
  });
  when('ready').do(function needsReady() {});
  expect(invoked(await runWith(juju, dir, 'update-status'))).toEqual(['unready']);
});

test('after the first iteration a handler runs again only when one of its flags changed', async () => {
  let counter = 0;
  whenNot('x').do(function each() {
    counter++;
  });
  whenNot('go').do(function start() {
    setFlag('go');
  });
  when('go').whenNot('y').do(function unrelated() {
    setFlag('y');
  });
  when('go').do(function onGo() {});
  const run = await runWith(juju, dir, 'install');
  // `each` ran in iteration 0 only: later changes (go, y) are not its flags.
  expect(counter).toBe(1);
  expect(invoked(run)).toEqual(['each', 'start', 'unrelated', 'onGo']);
});

test('a handler runs again in the same hook when its flags change back to matching', async () => {
  let count = 0;
  whenNot('stop').do(function phoenix() {
    count++;
    if (count === 1) setFlag('again');
  });
  when('again').do(function toggler() {
    clearFlag('again');
    // Clearing and setting 'stop' changes phoenix's flag; it matches again only while 'stop' is unset.
    setFlag('stop');
    clearFlag('stop');
  });
  const run = await runWith(juju, dir, 'install');
  expect(run.exitCode).toBe(0);
  expect(invoked(run)).toEqual(['phoenix', 'toggler', 'phoenix']);
});

test('whenAny, whenNone, whenNotAll match as charms.reactive does', async () => {
  whenNot('seeded').do(function seed() {
    setFlag('seeded');
    setFlag('a');
  });
  await runWith(juju, dir, 'install');
  resetRegistry();
  whenAny('a', 'b').do(function anyAB() {});
  whenAny('b', 'c').do(function anyBC() {});
  whenNone('b', 'c').do(function noneBC() {});
  whenNone('a', 'b').do(function noneAB() {});
  whenNotAll('a', 'b').do(function notAllAB() {});
  whenNotAll('a', 'seeded').do(function notAllASeeded() {});
  expect(invoked(await runWith(juju, dir, 'update-status'))).toEqual(['anyAB', 'noneBC', 'notAllAB']);
});
