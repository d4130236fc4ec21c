import { availableParallelism } from 'node:os';

/**
 * Jest on Node 20 with NestJS 12 (ES modules only): run with
 * NODE_OPTIONS=--experimental-vm-modules (npm test does), .ts treated as ESM,
 * the `.js` of relative imports stripped, swc with decorator metadata.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: true,
  },
];

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/projections', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': swc,
    // Two transitive packages need Node 22 as ESM; let Jest turn them into CommonJS.
    '/node_modules/(cookie|content-disposition)/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // Jest's order, with a group of suites (*.suites.spec.ts) weighed by the suites it imports.
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  testTimeout: 30000,
  // ESM test modules are never freed in one process (Jest's vm modules): with ~180 suites a
  // single process ran out of heap. The memory limit runs the tests in a worker that is
  // replaced once it holds more than this after a file (it also turns off running in band).
  workerIdleMemoryLimit: '1GB',
  // Two workers at least: Jest's default on two cores is one, and much of a suite's time is
  // spent waiting (fsync, child processes, the browser), so a second worker fills it. On this
  // two-core machine the run took 496 s instead of 658 s, with the same results.
  maxWorkers: Math.max(2, availableParallelism() - 1),
};
