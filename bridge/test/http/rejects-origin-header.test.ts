// Attack: a web page (any origin, even "null" from a sandboxed frame) makes the browser call the
// bridge on loopback. Browsers always attach Origin to such requests; the bridge refuses them all.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startHarness, turnBody, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

it.each(['https://evil.example', 'null', 'http://127.0.0.1:8069'])('refuses a turn request with Origin %s before touching Odoo', async (origin) => {
  const token = h.odoo.issue({ tid: 501 });
  const before = h.odoo.requests.length;
  const answer = await post(`${h.url}/v1/turns`, turnBody(501, 'hello'), token, { origin });
  expect(answer.status).toBe(403);
  expect(answer.body).toEqual({ error: { code: 'origin_refused', message: expect.any(String) } });
  expect(h.odoo.requests.length).toBe(before);
  expect(h.bridge.registry.size).toBe(0);
});

it('refuses Origin on read-only routes too', async () => {
  for (const path of ['/healthz', '/metrics']) {
    const response = await fetch(`${h.url}${path}`, { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'origin_refused' } });
  }
});

it('refuses a cancel carrying an Origin header', async () => {
  const answer = await post(`${h.url}/v1/turns/1/cancel`, {}, 'v1.x.y', { origin: 'https://evil.example' });
  expect(answer.status).toBe(403);
});
