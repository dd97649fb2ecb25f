import { expect, it } from 'vitest';
import { ConfigError, DEFAULT_MODEL, loadConfig } from '../../src/config.js';

it('has safe defaults and starts degraded without a key', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    odooUrl: 'http://127.0.0.1:8069',
    host: '127.0.0.1',
    port: 8765,
    model: DEFAULT_MODEL,
    apiKey: null,
    missing: ['ANTHROPIC_API_KEY'],
    modelBaseUrl: null,
    maxBodyBytes: 1024 * 1024,
    modelMaxRetries: 2,
  });
  expect(Object.isFrozen(config)).toBe(true);
});

it('reads every variable', () => {
  const config = loadConfig({
    PARLEY_ODOO_URL: 'http://127.0.0.1:18069/',
    PARLEY_BRIDGE_PORT: '18765',
    PARLEY_MODEL: 'claude-haiku-5-5',
    ANTHROPIC_API_KEY: 'sk-env',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999',
    PARLEY_MAX_BODY_BYTES: '2048',
    PARLEY_MAX_ROUNDS: '4',
    PARLEY_MODEL_MAX_RETRIES: '0',
    PARLEY_TOOL_TIMEOUT_MS: '1500',
  });
  expect(config).toMatchObject({
    odooUrl: 'http://127.0.0.1:18069',
    port: 18765,
    model: 'claude-haiku-5-5',
    apiKey: 'sk-env',
    modelBaseUrl: 'http://127.0.0.1:9999',
    maxBodyBytes: 2048,
    maxRounds: 4,
    modelMaxRetries: 0,
    toolTimeoutMs: 1500,
  });
});

it('PARLEY_MODEL_BASE_URL wins over ANTHROPIC_BASE_URL', () => {
  expect(loadConfig({ PARLEY_MODEL_BASE_URL: 'http://127.0.0.1:1', ANTHROPIC_BASE_URL: 'http://127.0.0.1:2' }).modelBaseUrl).toBe('http://127.0.0.1:1');
});

it.each([
  ['PARLEY_BRIDGE_PORT', 'eighty'],
  ['PARLEY_BRIDGE_PORT', '70000'],
  ['PARLEY_ODOO_URL', 'ftp://odoo'],
  ['PARLEY_ODOO_URL', 'not a url'],
  ['PARLEY_MAX_ROUNDS', '0'],
  ['PARLEY_MAX_ROUNDS', '33'],
  ['PARLEY_LOG_LEVEL', 'verbose'],
])('refuses %s=%s naming the variable', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(name);
});
