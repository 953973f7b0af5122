import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Modules reach each other only through their index.ts; engines do no I/O. A relative import
 * from modules/<a>/… into modules/<b>/<anything but index.ts> is refused.
 */
const boundaries = {
  meta: {
    type: 'problem',
    messages: {
      deep: "import module '{{target}}' through its index.ts, not {{file}}",
      io: 'engines must not import {{what}}',
    },
  },
  create(context) {
    const file = context.filename;
    const m = /packages\/server\/src\/modules\/([^/]+)\//.exec(file);
    const isEngine = file.endsWith('.engine.ts');
    return {
      ImportDeclaration(node) {
        const spec = node.source.value;
        if (isEngine && /^(node:)?(fs|net|http|https|child_process|pg)$|^drizzle-orm|platform\/db/.test(String(spec))) {
          context.report({ node, messageId: 'io', data: { what: spec } });
        }
        if (!m || typeof spec !== 'string' || !spec.startsWith('.')) return;
        const resolved = path.resolve(path.dirname(file), spec);
        const t = /packages\/server\/src\/modules\/([^/]+)\/(.+)$/.exec(resolved);
        if (t && t[1] !== m[1] && t[2] !== 'index.ts') {
          context.report({ node, messageId: 'deep', data: { target: t[1], file: t[2] } });
        }
      },
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      '.vitest-data/**',
      'packages/server/migrations/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { zhili: { rules: { boundaries } } },
    rules: {
      'zhili/boundaries': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly' },
    },
  },
);
