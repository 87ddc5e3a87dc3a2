import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/**', '.node22/**', 'move/**', '**/*.wasm'] },
  js.configs.recommended,
  // Plain .mjs/.js scripts run on Node.
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Benchmarks, scripts and the CLI entry print to the terminal on purpose.
    files: ['scripts/**', 'bin/**', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
