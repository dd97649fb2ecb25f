import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bridge/**/*.test.ts', 'web/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'test/e2e/**'],
    testTimeout: 20000,
    pool: 'forks',
  },
});
