// The browser end-to-end tests. They need a running Odoo with parley installed, the bridge and the
// scripted model server: scripts/odoo-tier.sh starts them and exports PARLEY_E2E_* before running
//   npx vitest run --config test/e2e/vitest.config.ts
// Files run one after another (one Odoo, one Chromium at a time on a 2-core machine).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    // A story's steps build on each other: after a failed step the rest of the file is skipped.
    bail: 0,
  },
});
