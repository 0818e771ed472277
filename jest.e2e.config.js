/** End-to-end tier: the built services as processes, against the local infrastructure. */
module.exports = {
  ...require('./jest.shared'),
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
