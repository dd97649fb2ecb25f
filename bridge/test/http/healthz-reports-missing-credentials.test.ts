// Without model credentials the bridge still starts: /healthz says what is missing and every turn
// is refused with 503 model_not_configured (Odoo shows that to the user plainly).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startHarness, turnBody, type Harness } from '../support/harness.js';

describe('without an API key', () => {
  let h: Harness;
  beforeAll(async () => (h = await startHarness({ ANTHROPIC_API_KEY: '' })));
  afterAll(() => h.close());

  it('reports degraded health naming the missing setting', async () => {
    const response = await fetch(`${h.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'degraded',
      version: '0.1.0',
      model_configured: false,
      missing: ['ANTHROPIC_API_KEY'],
      odoo_url: h.odoo.url,
      turns_running: 0,
    });
  });

  it('refuses turns with 503 model_not_configured and never calls the model', async () => {
    const token = h.odoo.issue({ tid: 701 });
    const answer = await post(`${h.url}/v1/turns`, turnBody(701, 'hello'), token);
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: { code: 'model_not_configured' } });
    expect(h.model.requests()).toHaveLength(0);
  });
});

describe('with an API key', () => {
  let h: Harness;
  beforeAll(async () => (h = await startHarness()));
  afterAll(() => h.close());

  it('reports ok and never shows the key', async () => {
    const response = await fetch(`${h.url}/healthz`);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'ok', model_configured: true, missing: [] });
    expect(text).not.toContain('sk-test-scripted');
  });
});
