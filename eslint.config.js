// Lint rules that keep the conventions of CONTRIBUTING.md true without a reviewer having to.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** The engine is a pure function of (policy, record, holds, as-of date): it never reads the clock. */
const clockReads = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'The engine never reads the clock: take the as-of date as an argument.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'The engine never reads the clock: take the as-of date as an argument.',
  },
  {
    selector: "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(now|local|utc)$/][arguments.length=0]",
    message: 'The engine never reads the clock: take the as-of date as an argument.',
  },
  {
    selector: "MemberExpression[object.name='process']",
    message: 'The engine never touches the process (environment, clock, streams): pass what it needs as arguments.',
  },
];

/**
 * What the engine may import (its own files, the vocabulary, luxon: no I/O) is checked with the
 * other layers in test/layers.test.ts; a clock read needs no import, so it is checked here.
 * @type {import('eslint').Linter.Config}
 */
export const engineIsPure = {
  files: ['src/engine/**/*.ts'],
  rules: { 'no-restricted-syntax': ['error', ...clockReads] },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // The store contract is asynchronous so that SQLite and PostgreSQL stores are interchangeable;
      // the SQLite side is synchronous underneath and rightly has nothing to await.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore is how a parameter says it is required by a signature but not needed here.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any` by design.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Plain JavaScript (the bin shim, fuzz and bench drivers, test fixtures) has no types to check against.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
  engineIsPure,
);
