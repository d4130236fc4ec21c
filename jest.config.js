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
    sourceMaps: 'inline',
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
  testTimeout: 30000,
};
