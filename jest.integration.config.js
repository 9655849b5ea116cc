// `make integration`: the real-Juju tests, which the default configuration (`make test`) leaves out.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/tests/integration'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/build/'],
};
