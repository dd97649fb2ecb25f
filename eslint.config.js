import tseslint from 'typescript-eslint';

const MARKUP_ONLY_IN_RENDER_TEXT = 'Model text becomes markup only through web/src/render_text.ts (renderText).';

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
  {
    // OWL's markup() marks a string as trusted HTML: only the audited renderer may call it.
    files: ['web/**/*.ts'],
    ignores: ['web/src/render_text.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@odoo/owl', importNames: ['markup'], message: MARKUP_ONLY_IN_RENDER_TEXT }],
      }],
      'no-restricted-syntax': ['error',
        { selector: "ImportDeclaration[source.value='@odoo/owl'] > ImportNamespaceSpecifier", message: MARKUP_ONLY_IN_RENDER_TEXT },
        { selector: "ImportExpression[source.value='@odoo/owl']", message: MARKUP_ONLY_IN_RENDER_TEXT },
        { selector: "MemberExpression[property.name='markup']", message: MARKUP_ONLY_IN_RENDER_TEXT },
        { selector: "Identifier[name='insertAdjacentHTML']", message: MARKUP_ONLY_IN_RENDER_TEXT },
      ],
    },
  },
);
