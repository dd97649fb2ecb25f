import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { createModelClient, toModelError } from '../../src/agent/providers/anthropic.js';
import { loadConfig } from '../../src/config.js';

const apiError = (status: number, type: string) =>
  APIError.generate(status, { type: 'error', error: { type, message: `upstream says ${type}` } }, undefined, new Headers());

describe('model provider', () => {
  it('maps API failures to safe catalogue errors without upstream text', () => {
    expect(toModelError(apiError(529, 'overloaded_error')).code).toBe('model_overloaded');
    expect(toModelError(apiError(500, 'api_error')).code).toBe('model_unavailable');
    expect(toModelError(apiError(429, 'rate_limit_error')).code).toBe('model_rate_limited');
    expect(toModelError(apiError(401, 'authentication_error')).code).toBe('model_auth_failed');
    expect(toModelError(apiError(400, 'invalid_request_error')).code).toBe('model_bad_request');
    expect(toModelError(new APIConnectionError({ message: 'ECONNREFUSED 10.0.0.1' })).code).toBe('model_unreachable');
    expect(toModelError(new Error('boom')).code).toBe('model_unavailable');
    for (const error of [apiError(500, 'api_error'), new APIConnectionError({ message: 'ECONNREFUSED 10.0.0.1' })]) {
      expect(toModelError(error).message).not.toMatch(/upstream|ECONNREFUSED/);
    }
  });

  it('builds no client without a key, and pins base URL and retries from config', () => {
    expect(createModelClient(loadConfig({}))).toBeNull();
    const client = createModelClient(loadConfig({ ANTHROPIC_API_KEY: 'k', PARLEY_MODEL_BASE_URL: 'http://127.0.0.1:1', PARLEY_MODEL_MAX_RETRIES: '0' }))!;
    expect(client.baseURL).toBe('http://127.0.0.1:1');
    expect(client.maxRetries).toBe(0);
    expect(createModelClient(loadConfig({ ANTHROPIC_API_KEY: 'k' }))!.maxRetries).toBe(2);
  });
});
