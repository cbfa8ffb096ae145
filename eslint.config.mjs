// ESLint for the TypeScript sources (the console's .tsx too) and tests: typescript-eslint's recommended rules (syntax only, no
// type information, so a run takes seconds). `npm run lint`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default defineConfig(
  // src/generated/: resolver types GraphQL Code Generator writes at build (codegen.ts in each subgraph).
  { ignores: ['**/dist/', '**/node_modules/', '.ci/.node24/', 'data/', 'coverage/', '**/*.d.ts', '**/src/generated/'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    // An eslint-disable comment that disables nothing is an error, so each one that stays means something.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_` marks what is deliberately unused (a destructured key dropped, a callback parameter kept for its position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // No import cycles within a package (between packages, npm workspaces and tsc's project references already forbid them):
    // a cycle makes load order matter and hides which module owns a concern.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['tests/**'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings, // .ts and .tsx are modules it parses (else it skips them)
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', '*/tsconfig.json', '*/*/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Switches that leave the protocol or the audit log out exist for benchmarks only: production code cannot import them.
    files: ['subgraphs/*/src/**/*.ts', 'gateway/src/**/*.ts'],
    ignores: ['subgraphs/member/src/forBenchmarks.ts', 'subgraphs/member/src/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/forBenchmarks'], message: 'Benchmarks only (scripts/src/bench); production starts members with startMember.' }],
        paths: [
          { name: './server', importNames: ['startMemberWith'], message: 'Benchmarks only: use startMember.' },
          { name: '@enlace/member', importNames: ['startMemberForBenchmark'], message: 'Benchmarks only: use startMember.' },
        ],
      }],
    },
  },
);
