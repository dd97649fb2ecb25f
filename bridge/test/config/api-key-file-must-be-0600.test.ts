// A model key in a file other local users can read has already leaked: the bridge refuses to use
// it and says how to fix it.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'hb-keyfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keyFile(mode: number, content = 'sk-ant-file-key\n'): string {
  const path = join(dir, `key-${mode.toString(8)}`);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

it.each([0o644, 0o640, 0o604, 0o660, 0o666])('refuses a key file with mode %o', (mode) => {
  const path = keyFile(mode);
  expect(() => loadConfig({ PARLEY_API_KEY_FILE: path })).toThrow(ConfigError);
  expect(() => loadConfig({ PARLEY_API_KEY_FILE: path })).toThrow(/must be 0600 or stricter/);
});

it.each([0o600, 0o400])('reads a key file with mode %o', (mode) => {
  const config = loadConfig({ PARLEY_API_KEY_FILE: keyFile(mode) });
  expect(config.apiKey).toBe('sk-ant-file-key');
  expect(config.missing).toEqual([]);
});

it('refuses a missing or empty key file with a clear message', () => {
  expect(() => loadConfig({ PARLEY_API_KEY_FILE: join(dir, 'absent') })).toThrow(/does not exist/);
  const empty = join(dir, 'empty');
  writeFileSync(empty, '  \n');
  chmodSync(empty, 0o600);
  expect(() => loadConfig({ PARLEY_API_KEY_FILE: empty })).toThrow(/is empty/);
});

it('the refusal message never contains the key', () => {
  const path = keyFile(0o644, 'sk-ant-secret-value');
  try {
    loadConfig({ PARLEY_API_KEY_FILE: path });
  } catch (error) {
    expect(String(error)).not.toContain('sk-ant-secret-value');
  }
});
