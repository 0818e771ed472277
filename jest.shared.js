const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));

/** Settings every tier shares: TypeScript through swc, and @codex/* libs from source. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  reporters: ['default', join(__dirname, 'tools/ci/failure-digest-reporter.js')],
  moduleNameMapper: {
    '^@codex/([a-z-]+)$': join(__dirname, 'libs/$1/src'),
  },
};
