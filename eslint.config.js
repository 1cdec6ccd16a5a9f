// Flat config: typescript-eslint's recommended rules plus the type-aware promise and switch
// checks, and the import boundaries of ARCHITECTURE.md for workflows/ and src/domain/.
const { builtinModules } = require('node:module');
const eslint = require('@eslint/js');
const { defineConfig } = require('eslint/config');
const tseslint = require('typescript-eslint');

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const builtins = builtinModules
  .filter((m) => !m.startsWith('_'))
  .map(escapeRegex)
  .join('|');

/**
 * no-restricted-imports options that allow only `allowed` packages (a regex source), relative
 * imports that stay inside the folder being fenced, and relative imports into `reachable` (paths
 * from the repository root). `depth` is how far the linted files sit below the repository root,
 * so `../` repeated `depth` times is the root.
 */
function fence({ depth, fenceDepth, allowed, allowedLabel, reachable, why }) {
  const up = (n) => `(?:\\.\\./){${n}}`;
  const patterns = [
    { regex: `^(?:node:|(?:${builtins})(?:/|$))`, message: `Node built-ins are not allowed here: ${why}` },
    {
      regex: `^(?!\\.{1,2}(?:/|$))(?!node:)(?!(?:${builtins})(?:/|$))(?!(?:${allowed})$)`,
      message: `Only ${allowedLabel} and relative imports are allowed here (no path aliases): ${why}`,
    },
    // Leaving the fenced folder: only into the reachable folders, counted from the repository root.
    {
      regex: `^${up(depth - fenceDepth + 1)}(?!${up(fenceDepth - 1)}(?:${reachable.map(escapeRegex).join('|')})(?:/|$))`,
      message: `Relative imports may leave this folder only for ${reachable.join(', ')}: ${why}`,
    },
  ];
  return { patterns };
}

const MAX_DEPTH = 6;
/** One config block per folder depth, because relative paths mean different things at each depth. */
function fencedBlocks({ root, fenceDepth, allowed, allowedLabel, reachable, why, ignores }) {
  const blocks = [];
  for (let d = 0; d < MAX_DEPTH; d++) {
    const depth = fenceDepth + d;
    const files = [`${root}/${'*/'.repeat(d)}*.ts`];
    const options = fence({ depth, fenceDepth, allowed, allowedLabel, reachable, why });
    blocks.push({
      files,
      ignores,
      rules: {
        'no-restricted-imports': 'off',
        '@typescript-eslint/no-restricted-imports': ['error', options],
        'no-restricted-syntax': [
          'error',
          { selector: "CallExpression[callee.name='require']", message: `require() is not allowed here: ${why}` },
          { selector: 'ImportExpression', message: `Dynamic import() is not allowed here: ${why}` },
        ],
      },
    });
  }
  return blocks;
}

module.exports = defineConfig(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'src/generated/**', 'coverage/**', 'web/dist/**', 'test-results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', 'web/**/*.tsx', 'web/**/*.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // ARCHITECTURE.md: Prisma and its generated types stay inside src/database and the repositories;
    // services, guards and activities reach PostgreSQL through a repository. (The fenced folders below
    // forbid these imports anyway, with their own stricter options.)
    files: ['**/*.ts'],
    ignores: ['src/database/**', '**/*.repository.ts', 'seeds/**', 'test/**', 'scripts/**', 'prisma.config.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(?:^@prisma/|/generated/prisma(?:/|$)|/database/prisma\\.service$)',
              message: 'Prisma stays inside src/database and *.repository.ts: use a repository (src/database/*.repository.ts) instead.',
            },
          ],
        },
      ],
    },
  },
  ...fencedBlocks({
    root: 'workflows',
    fenceDepth: 1,
    allowed: escapeRegex('@temporalio/workflow'),
    allowedLabel: '@temporalio/workflow',
    reachable: ['workflows', 'src/domain'],
    why: 'workflow code runs in the deterministic Temporal sandbox (import @temporalio/workflow, its own files and src/domain only).',
    ignores: ['workflows/test/**', '**/*.spec.ts'],
  }),
  ...fencedBlocks({
    root: 'src/domain',
    fenceDepth: 2,
    allowed: 'zod(?:/.+)?',
    allowedLabel: 'zod',
    reachable: ['src/domain'],
    why: 'src/domain is pure and shared by the API and the workflows (zod and src/domain only).',
    ignores: ['**/*.spec.ts'],
  }),
  {
    // Plain CommonJS run by Node (scripts, configs): no type information.
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
