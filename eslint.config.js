import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '**/dist/**', 'odoo_addon/**/static/src/dist/**', '.cache/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error',
        { property: 'innerHTML', message: 'Model output reaches markup only through web/src/render_text.ts.' },
        { property: 'outerHTML', message: 'Model output reaches markup only through web/src/render_text.ts.' }],
    },
  },
);
