/** One jest run for the whole repository: unit tests and the network on loopback. */
const path = require('node:path');
const root = path.join(__dirname, '..');

module.exports = {
  rootDir: root,
  roots: ['<rootDir>/tests'],
  testEnvironment: 'node',
  // isolatedModules in the tests' compiler options (not ts-jest's deprecated option of that name): each
  // file is transpiled on its own, without type checking, so a test starts fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, skipLibCheck: true, isolatedModules: true } }] },
  moduleNameMapper: {
    '^@enlace/schema$': '<rootDir>/schema/src',
    '^@enlace/common$': '<rootDir>/subgraphs/common/src',
    '^@enlace/store$': '<rootDir>/subgraphs/store/src',
    '^@enlace/protocol$': '<rootDir>/protocol/src',
    '^@enlace/member$': '<rootDir>/subgraphs/member/src',
    '^@enlace/secretariat$': '<rootDir>/subgraphs/secretariat/src',
    '^@enlace/gateway$': '<rootDir>/gateway/src',
    '^@enlace/scripts/(.*)$': '<rootDir>/scripts/src/$1',
  },
  testTimeout: 60000,
  // Servers log each request at info; tests that read logs give their own logger.
  setupFiles: ['<rootDir>/tests/support/quietLogs.ts'],
  // Each file starts its own network on loopback; two workers for the two cores.
  maxWorkers: 2,
};
