/**
 * Two jest projects, both run by `npm test`:
 * - unit (tests/unit/): pure code and in-memory stores, no process started, no port opened:
 *   `npm run test:unit` runs them alone in seconds;
 * - network (every other folder): real gateways, members, secretariats and browsers on loopback,
 *   and stores on disk,
 *   one network per file.
 */
const path = require('node:path');
const root = path.join(__dirname, '..');

const shared = {
  rootDir: root,
  testEnvironment: 'node',
  // isolatedModules in the tests' compiler options (not ts-jest's deprecated option of that name): each
  // file is transpiled on its own, without type checking, so a test starts fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, skipLibCheck: true, isolatedModules: true } }] },
  moduleNameMapper: {
    '^@enlace/schema$': '<rootDir>/schema/src',
    '^@enlace/platform$': '<rootDir>/platform/src',
    '^@enlace/protocol$': '<rootDir>/protocol/src',
    '^@enlace/store$': '<rootDir>/store/src',
    '^@enlace/member$': '<rootDir>/subgraphs/member/src',
    '^@enlace/secretariat$': '<rootDir>/subgraphs/secretariat/src',
    '^@enlace/gateway$': '<rootDir>/gateway/src',
    '^@enlace/scripts/(.*)$': '<rootDir>/scripts/src/$1',
  },
  // Servers log each request at info; tests that read logs give their own logger.
  setupFiles: ['<rootDir>/tests/support/quietLogs.ts'],
};

module.exports = {
  testTimeout: 60000,
  // Each network file starts its own network on loopback (or stores on disk); two workers for the two cores.
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/tests/unit'] },
    { ...shared, displayName: 'network', roots: ['<rootDir>/tests'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/unit/'] },
  ],
};
