// Odoo may call /cancel with no body at all, or an empty JSON body: both work.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, startTurn, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

it.each([
  ['no body', {}],
  ['an empty JSON body', { 'content-type': 'application/json' }],
])('cancels with %s', async (_name, headers) => {
  const turnId = _name === 'no body' ? 1401 : 1402;
  const token = await startTurn(h, turnId, 'a long answer please');
  const response = await fetch(`${h.url}/v1/turns/${turnId}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers } });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ cancelled: true });
  await h.odoo.turnEnd(turnId);
});

it('refuses JSON carrying __proto__ keys (prototype poisoning) with 400', async () => {
  const token = h.odoo.issue({ tid: 1403 });
  const response = await fetch(`${h.url}/v1/turns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"turn_id": 1403, "__proto__": {"polluted": true}}',
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
