/** Unit tier: pure logic, no servers. */
module.exports = {
  ...require('./jest.shared'),
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
