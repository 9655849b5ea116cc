// The reporter that ends `make test` with each skipped suite and its reason.
import { join } from 'node:path';

const SkipReporter = require('./skip-reporter.js') as new (config: { rootDir: string }) => {
  onRunComplete(contexts: unknown, results: unknown): void;
};

function run(tests: Array<{ file: string; ancestors: string[]; title: string; status: string }>): string {
  const root = '/repo';
  const files = [...new Set(tests.map((t) => t.file))].map((file) => ({
    testFilePath: join(root, file),
    testResults: tests.filter((t) => t.file === file).map((t) => ({ ancestorTitles: t.ancestors, title: t.title, status: t.status })),
  }));
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    new SkipReporter({ rootDir: root }).onRunComplete(new Set(), { testResults: files });
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

test('lists each skipped suite with the reason its name gives, and the count of its tests', () => {
  const out = run([
    { file: 'tests/integration/a.test.ts', ancestors: ['real Juju (skipped: juju is not on PATH)'], title: 'deploys', status: 'pending' },
    { file: 'tests/integration/a.test.ts', ancestors: ['real Juju (skipped: juju is not on PATH)'], title: 'relates', status: 'pending' },
    { file: 'packages/x/test/b.test.ts', ancestors: ['plain'], title: 'one', status: 'skipped' },
    { file: 'packages/x/test/b.test.ts', ancestors: ['plain'], title: 'two', status: 'passed' },
  ]);
  expect(out).toContain('Skipped suites and why:');
  expect(out).toContain('  tests/integration/a.test.ts: real Juju: 2 tests, because juju is not on PATH');
  expect(out).toContain('  packages/x/test/b.test.ts: plain: 1 test, no reason given (test.skip or -t)');
});

test('says nothing when nothing was skipped', () => {
  expect(run([{ file: 'a.test.ts', ancestors: ['s'], title: 't', status: 'passed' }])).toBe('');
});
