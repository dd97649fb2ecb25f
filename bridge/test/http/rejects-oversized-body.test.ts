// Attack: a huge body to exhaust memory. Bodies over PARLEY_MAX_BODY_BYTES are refused with 413
// before they are parsed, and nothing reaches Odoo.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startHarness, turnBody, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness({ PARLEY_MAX_BODY_BYTES: '4096' })));
afterAll(() => h.close());

it('refuses a turn body over the limit with 413 body_too_large', async () => {
  const token = h.odoo.issue({ tid: 601 });
  const body = turnBody(601, 'x'.repeat(10_000));
  const answer = await post(`${h.url}/v1/turns`, body, token);
  expect(answer.status).toBe(413);
  expect(answer.body).toEqual({ error: { code: 'body_too_large', message: expect.any(String) } });
  expect(h.odoo.requests).toHaveLength(0);
});

it('accepts the same turn under the limit', async () => {
  const token = h.odoo.issue({ tid: 602 });
  const answer = await post(`${h.url}/v1/turns`, turnBody(602, '[scenario:default] hi'), token);
  expect(answer.status).toBe(202);
  await h.odoo.turnEnd(602);
});
