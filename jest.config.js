// One jest configuration for the whole workspace.
// Sources are ESM TypeScript; ts-jest compiles them to CommonJS for jest.
// execa 9 and its dependencies ship only ESM, so those are compiled too.
const path = require('node:path');
const fs = require('node:fs');
// unicorn-magic exports only an `import` condition, which jest's CommonJS resolver skips.
const pnpmDir = path.join(__dirname, 'node_modules/.pnpm');
const unicornMagic = fs.existsSync(pnpmDir)
  ? fs.readdirSync(pnpmDir).filter((d) => d.startsWith('unicorn-magic@')).sort().pop()
  : undefined;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/charms', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // tests/integration deploys to a real controller: only `make integration` runs it (jest.integration.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/build/', '<rootDir>/tests/integration/'],
  transform: {
    '^.+\\.[cm]?[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/\\.pnpm/(?!(execa|get-stream|human-signals|is-plain-obj|is-stream|npm-run-path|path-key|pretty-ms|parse-ms|strip-final-newline|unicorn-magic|yoctocolors|figures|is-unicode-supported|@sindresorhus\\+merge-streams|@sec-ant\\+readable-stream)@)'],
  moduleNameMapper: unicornMagic
    ? { '^unicorn-magic$': path.join(pnpmDir, unicornMagic, 'node_modules/unicorn-magic/node.js') }
    : {},
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 60000,
  // The default output, then the skipped suites with their reasons (tests/support/skip-reporter.js).
  reporters: ['default', '<rootDir>/tests/support/skip-reporter.js'],
};
