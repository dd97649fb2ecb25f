// The run command's bridge: built by scripts/build-bridge.mjs, started as a real process, it
// answers /healthz on loopback without credentials and exits cleanly on SIGTERM.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

it('builds, starts degraded on an ephemeral loopback port, serves /healthz, stops on SIGTERM', async () => {
  execFileSync(process.execPath, ['scripts/build-bridge.mjs'], { cwd: root });
  expect(existsSync(resolve(root, 'bridge/dist/main.js'))).toBe(true);
  const child = spawn(process.execPath, ['bridge/dist/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, PARLEY_BRIDGE_PORT: '0', PARLEY_ODOO_URL: 'http://127.0.0.1:1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start: ${stderr}`)), 10_000);
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
  });
  const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
  expect(health).toMatchObject({ status: 'degraded', model_configured: false, missing: ['ANTHROPIC_API_KEY'] });
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  child.kill('SIGTERM');
  expect(await exit).toBe(0);
  for (const line of stderr.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
});
