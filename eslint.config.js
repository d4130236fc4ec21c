import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import pureDecide from './eslint-rules/pure-decide.js';

/** Everything that talks to the outside world: domain code imports none of it. */
const infrastructure = {
  patterns: [
    { group: ['@nestjs/*'], message: 'Domain code is pure: no Nest. Dispatching belongs in the handler and route.' },
    { group: ['better-sqlite3', 'mongodb', '@eventstore/*', '@kurrent/*', 'pino', 'testcontainers', '@testcontainers/*'], message: 'Domain code is pure: only adapters import drivers.' },
    { group: ['node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'node:child_process'], message: 'Domain code is pure: no I/O.' },
    { group: ['**/event-store/**', '**/read-store/**'], allowTypeImports: true, message: 'Domain code may use the envelope types, never the stores themselves.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'coverage/', 'data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['eslint.config.js', 'jest.config.js'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // The domain: decide/evolve/rules and every projection definition.
    files: [
      'src/**/*.events.ts',
      'src/**/*.state.ts',
      'src/**/*.decide.ts',
      'src/**/*.rules.ts',
      'projections/**/*.ts',
      // The trust core that offline checkers reuse, and the witness's decision.
      'src/ledger/trust.ts',
      'src/ledger/witnessed.ts',
      'src/ledger/open-checkpoint.ts',
      'src/ledger/cosignature.ts',
      'src/witness/add-checkpoint.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', infrastructure],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes in with the command; no clock in the domain.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Time comes in with the command; no clock in the domain.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Domain code is deterministic.' },
      ],
    },
  },
  {
    // A use case's decide function shares its file with the command handler, which imports Nest:
    // the decide function, and everything it reaches in its file, is held to the same rules.
    files: ['src/**/*.ts', 'projections/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    plugins: { domain: { rules: { 'pure-decide': pureDecide } } },
    rules: { 'domain/pure-decide': ['error', infrastructure] },
  },
  {
    // Command-line tools and benchmarks print.
    files: ['bench/**', 'test/support/**', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
