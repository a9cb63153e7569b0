// Lint: typescript-eslint with type information (floating promises are errors), and the
// determinism fence around workflows/ that Temporal's samples use.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

export default tseslint.config(
  { ignores: ['node_modules/', 'prisma/generated/', 'bench/results/', 'test-artifacts/', 'scripts/prisma-schema-engine*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Workflow code is replayed: no Node built-ins, no I/O, nothing from the side-effect layers
    // except their types.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.flatMap((name) => [name, `node:${name}`]),
          patterns: [
            { group: ['**/activities', '**/activities/**', '**/api/**', '**/prisma/**'], allowTypeImports: true, message: 'Workflows import only types from activities/, api/ and prisma/.' },
          ],
        },
      ],
    },
  },
);
