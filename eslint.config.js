import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'test/fixtures/**', 'examples/**', 'bench/results/**', 'node_modules/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { sourceType: 'module' } },
  },
  // Every regular expression of the linter runs on untrusted source: none may backtrack
  // super-linearly (the recommended config has no-super-linear-backtracking at error).
  {
    ...regexp.configs.recommended,
    files: ['src/**/*.ts'],
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
