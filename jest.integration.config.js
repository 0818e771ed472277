/** Integration tier: real PostgreSQL, Redis, Kafka and emulators on loopback (make infra-up). */
module.exports = {
  ...require('./jest.shared'),
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
  testTimeout: 90_000,
  maxWorkers: 1,
};
