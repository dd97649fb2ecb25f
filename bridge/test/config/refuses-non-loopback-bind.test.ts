// The bridge holds the model key and runs tools with users' tokens: it must never listen on an
// interface another machine can reach. A non-loopback PARLEY_BRIDGE_HOST stops it at start.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'localhost', 'example.com', '128.0.0.1', '::ffff:127.0.0.1'])(
  'refuses PARLEY_BRIDGE_HOST=%s',
  (host) => {
    expect(() => loadConfig({ PARLEY_BRIDGE_HOST: host })).toThrow(ConfigError);
    expect(() => loadConfig({ PARLEY_BRIDGE_HOST: host })).toThrow(/loopback/);
  },
);

it.each(['127.0.0.1', '127.1.2.3', '::1'])('accepts PARLEY_BRIDGE_HOST=%s', (host) => {
  expect(loadConfig({ PARLEY_BRIDGE_HOST: host }).host).toBe(host);
});

it('the real process exits with a clear message instead of binding 0.0.0.0', () => {
  const root = resolve(import.meta.dirname, '../../..');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bridge/src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, PARLEY_BRIDGE_HOST: '0.0.0.0', PARLEY_BRIDGE_PORT: '0' },
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('PARLEY_BRIDGE_HOST: must be a loopback address');
});
