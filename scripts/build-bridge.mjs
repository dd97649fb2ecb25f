// Bundles the bridge (bridge/src/main.ts) into one ESM file, bridge/dist/main.js, for `npm start`.
// Dependencies stay external: they are resolved from node_modules at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['bridge/src/main.ts'],
  outfile: 'bridge/dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
