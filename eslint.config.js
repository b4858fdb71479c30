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
  // The analyzer walks every node of every linted file: TypeScript's node tests and syntax kinds
  // come from local bindings (src/analyzer/syntax.ts), not from reads of the `ts` module object.
  {
    files: ['src/analyzer/**/*.ts'],
    ignores: ['src/analyzer/syntax.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='ts'][property.name=/^(?:is[A-Z]\\w*|forEachChild|SyntaxKind|NodeFlags)$/]",
          message: 'Import it from ./syntax.js: each read of ts.X calls a getter on an object of 2,000 properties.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
