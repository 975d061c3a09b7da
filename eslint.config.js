// Lint over every source file: the TypeScript workspaces with type information, and the
// JavaScript that runs as it is (scripts, the Kafka runner, the dashboard's browser files)
// typed by tsconfig.scripts.json. Formatting is Prettier's job (npm run format), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typedRules = {
  '@typescript-eslint/no-floating-promises': [
    'error',
    {
      allowForKnownSafeCalls: [
        {
          from: 'package',
          package: 'node:test',
          name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach'],
        },
      ],
    },
  ],
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/only-throw-error': 'error',
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/no-for-in-array': 'error',
  '@typescript-eslint/no-implied-eval': 'error',
  'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
};

export default tseslint.config(
  {
    // Written by tools: dist by tsc, generated/ by graphql-codegen (npm run codegen, checked in npm test).
    ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', '.data/**', '.nx/**', 'bench/out/**', '**/generated/**'],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...typedRules,
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended, tseslint.configs.base],
    languageOptions: {
      globals: globals.node,
      parserOptions: { project: ['./tsconfig.scripts.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: { ...typedRules, 'no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  {
    files: ['gateway/src/dashboard/public/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'module' },
  },
  { files: ['eslint.config.js'], rules: { 'no-restricted-syntax': 'off' } },
);
