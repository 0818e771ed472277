/** Fuzz tier: schemathesis against the whole platform through the gateway's OpenAPI document. */
module.exports = {
  ...require('./jest.shared'),
  testMatch: ['<rootDir>/src/**/*.fuzz-spec.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
};
