// Four tiers, each its own project so each has its own script (see package.json).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const common = {
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
};
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/workflows/**/*.spec.ts', '<rootDir>/seeds/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.ts'],
    },
    // Each API test file migrates a fresh database in its setup: 5 s is too short on a busy 2-core machine.
    { ...common, displayName: 'api', testMatch: ['<rootDir>/test/api/**/*.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeout.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeout.ts'],
    },
    {
      // Debian's Chromium driving the built pages served by the real stack (npm run test:browser builds them).
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeout.ts'],
    },
  ],
};
