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
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // The floors: platform/ (identity, errors, HTTP, observability, limits) and store/ import nothing above them;
      // the protocol engine nothing but them; a subgraph never the other subgraph, the gateway or the scripts;
      // the gateway never a subgraph or the store.
      'import-x/no-restricted-paths': ['error', {
        zones: [
          { target: './platform', from: ['./store', './protocol', './subgraphs', './gateway', './scripts', './console'], message: 'platform/ is the floor: it imports no other workspace.' },
          { target: './store', from: ['./protocol', './subgraphs', './gateway', './scripts', './console'], message: 'store/ sits beside platform/: it imports nothing above it.' },
          { target: './protocol', from: ['./subgraphs', './gateway', './scripts', './console'], message: 'The protocol engine is used by the subgraphs: it imports none of them.' },
          { target: './subgraphs/member', from: ['./subgraphs/secretariat', './gateway', './scripts'], message: 'A member imports the floors and the protocol engine only.' },
          { target: './subgraphs/secretariat', from: ['./subgraphs/member', './gateway', './scripts'], message: 'The secretariat imports the floors and the protocol engine only.' },
          { target: './gateway', from: ['./subgraphs', './store', './scripts'], message: 'The gateway never loads a subgraph or the store.' },
        ],
      }],
    },
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
