// @ts-check
import js from '@eslint/js';
import lexical from '@lexical/eslint-plugin';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * The layering of DESIGN.md, enforced:
 * - the renderer never imports src-main at runtime (type-only imports of the contract are fine);
 * - core/ never imports electron, nor any shell (api, electron, web, cli);
 * - api/ never imports a shell; web/ and cli/ never import electron;
 * - SQL appears only in core/ (better-sqlite3 and SQL string literals elsewhere are errors).
 */
const SQL = String.raw`/^\s*(SELECT\b[\s\S]*\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|TRIGGER|VIRTUAL|VIEW)\b|DROP\s+(TABLE|INDEX|TRIGGER|VIEW)\b|PRAGMA\s)/i`;
const noSqlOutsideCore = {
  'no-restricted-syntax': [
    'error',
    { selector: `Literal[value=${SQL}]`, message: 'SQL belongs in src-main/core only.' },
    { selector: `TemplateElement[value.raw=${SQL}]`, message: 'SQL belongs in src-main/core only.' },
  ],
};

const restrict = (patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns, paths }],
});

const shells = (from) => [
  { group: [`${from}api`, `${from}api/*`], message: 'core/ must not depend on the contract layer.' },
  {
    group: [`${from}electron`, `${from}electron/*`, `${from}web/*`, `${from}cli/*`],
    message: 'Shells depend on core, not the reverse.',
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/core/**'],
    rules: {
      ...noSqlOutsideCore,
      ...restrict([
        { group: ['better-sqlite3'], allowTypeImports: true, message: 'Only src-main/core talks to SQLite.' },
      ]),
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: restrict(
      [
        ...shells('../'),
        ...shells('../../'),
        ...shells('../../../'),
        { group: ['react', 'react-dom', 'lexical', '@lexical/*'], message: 'core/ is Node only.' },
      ],
      [{ name: 'electron', message: 'core/ never imports electron.' }],
    ),
  },
  {
    files: ['src-main/api/**/*.ts'],
    rules: {
      ...noSqlOutsideCore,
      ...restrict(
        [
          {
            group: ['../electron/*', '../web/*', '../cli/*'],
            message: 'The contract layer must not depend on a shell.',
          },
          { group: ['better-sqlite3'], allowTypeImports: true, message: 'Only src-main/core talks to SQLite.' },
        ],
        [{ name: 'electron', message: 'api/ is shared by every shell; it never imports electron.' }],
      ),
    },
  },
  {
    files: ['src-main/web/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: {
      ...noSqlOutsideCore,
      ...restrict(
        [
          { group: ['../electron/*'], message: 'Browser mode and the CLI run without Electron.' },
          { group: ['better-sqlite3'], allowTypeImports: true, message: 'Only src-main/core talks to SQLite.' },
        ],
        [{ name: 'electron', message: 'Browser mode and the CLI run without Electron.' }],
      ),
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, '@lexical': lexical },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...lexical.configs.recommended.rules,
      ...noSqlOutsideCore,
      ...restrict(
        [
          {
            group: ['**/src-main/**', '../../src-main', '../src-main'],
            allowTypeImports: true,
            message:
              'The renderer reaches the main side only through the api client (type-only imports of the contract are fine).',
          },
          { group: ['node:*', 'better-sqlite3'], message: 'The renderer runs in a sandboxed page.' },
        ],
        [{ name: 'electron', message: 'The renderer talks to Electron only through the preload facade.' }],
      ),
    },
  },
  prettier,
);
