/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Teams SDK needs `jose`, an ES module Jest on Node 20 cannot load; Node itself loads it fine at run time.
  moduleNameMapper: { '^jose$': '<rootDir>/test/support/jose-stub.ts' },
  setupFiles: ['<rootDir>/test/support/block-network.ts'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
