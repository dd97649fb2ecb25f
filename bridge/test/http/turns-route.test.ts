// POST /v1/turns, /cancel and /approvals at the edge: token, validation, conflicts, declared fields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startHarness, startTurn, turnBody, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness({ PARLEY_MAX_TURNS: '2' })));
afterAll(() => h.close());

describe('POST /v1/turns', () => {
  it('answers 202 with only the declared fields after introspecting the token', async () => {
    const token = h.odoo.issue({ tid: 801 });
    const answer = await post(`${h.url}/v1/turns`, turnBody(801, '[scenario:default] hi'), token);
    expect(answer).toEqual({ status: 202, body: { accepted: true, turn_id: 801 } });
    const introspect = h.odoo.requests.find((r) => r.path === '/parley/bridge/introspect')!;
    expect(introspect.headers.authorization).toBe(`Bearer ${token}`);
    expect(introspect.headers.origin).toBeUndefined();
    await h.odoo.turnEnd(801);
  });

  it('refuses a request without a Bearer token', async () => {
    const answer = await post(`${h.url}/v1/turns`, turnBody(802, 'hi'));
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'token_missing' } } });
  });

  it("relays Odoo's token refusal as 401 with Odoo's code and starts nothing", async () => {
    const answer = await post(`${h.url}/v1/turns`, turnBody(803, 'hi'), 'v1.forged.token');
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'token_bad_signature' } } });
    expect(h.bridge.registry.size).toBe(0);
    expect(h.model.requests().length).toBe(h.model.requests().length);
  });

  it("refuses a valid token of another turn (token_mismatch)", async () => {
    const token = h.odoo.issue({ tid: 804 });
    const answer = await post(`${h.url}/v1/turns`, turnBody(805, 'hi'), token);
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'token_mismatch' } } });
    expect(h.bridge.registry.size).toBe(0);
  });

  it.each([
    ['not JSON', '{"turn_id":'],
    ['missing history', { ...turnBody(806, 'x'), history: [] }],
    ['last message from the assistant', { ...turnBody(806, 'x'), history: [{ role: 'assistant', content: 'hi' }] }],
    ['max_rounds above the ceiling', { ...turnBody(806, 'x'), max_rounds: 99 }],
    ['unknown policy action', { ...turnBody(806, 'x'), policy: { version: '1', tools: { search_records: { action: 'sudo' } } } }],
  ])('answers 400 invalid_request for %s', async (_name, body) => {
    const token = h.odoo.issue({ tid: 806 });
    const answer = await post(`${h.url}/v1/turns`, body, token);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'invalid_request' } });
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers 409 turn_exists for a turn already running and 429 when full', async () => {
    const token = await startTurn(h, 807, 'please give a long answer');
    expect((await post(`${h.url}/v1/turns`, turnBody(807, 'again'), token)).body).toMatchObject({ error: { code: 'turn_exists' } });
    await startTurn(h, 808, 'another long answer');
    const third = await post(`${h.url}/v1/turns`, turnBody(809, 'hi'), h.odoo.issue({ tid: 809 }));
    expect(third).toMatchObject({ status: 429, body: { error: { code: 'too_many_turns' } } });
    for (const id of [807, 808]) {
      await post(`${h.url}/v1/turns/${id}/cancel`, {}, h.odoo.issue({ tid: id }));
      expect(await h.odoo.turnEnd(id)).toMatchObject({ status: 'cancelled' });
    }
  });

  it('answers 404 not_found in the error shape for unknown routes', async () => {
    const response = await fetch(`${h.url}/v1/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('POST /v1/turns/:id/cancel and /approvals', () => {
  it('refuses another token than the one the turn started with', async () => {
    await startTurn(h, 810, 'a long answer please');
    const other = h.odoo.issue({ tid: 810 }, 'other-salt');
    const answer = await post(`${h.url}/v1/turns/810/cancel`, {}, other);
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'token_mismatch' } } });
    const approval = await post(`${h.url}/v1/turns/810/approvals`, { call_id: 'toolu_1', decision: 'deny' }, other);
    expect(approval.status).toBe(401);
    expect(h.bridge.registry.get(810)?.signal.aborted).toBe(false);
    expect(await post(`${h.url}/v1/turns/810/cancel`, {}, h.odoo.issue({ tid: 810 }))).toEqual({ status: 200, body: { cancelled: true } });
    await h.odoo.turnEnd(810);
  });

  it('answers cancelled:false for a turn that is not running', async () => {
    expect(await post(`${h.url}/v1/turns/999/cancel`, {}, 'v1.a.b')).toEqual({ status: 200, body: { cancelled: false } });
  });

  it('answers delivered:false when no call waits for that decision', async () => {
    const token = await startTurn(h, 811, 'a long answer please');
    const answer = await post(`${h.url}/v1/turns/811/approvals`, { call_id: 'toolu_nope', decision: 'deny' }, token);
    expect(answer).toEqual({ status: 200, body: { delivered: false } });
    const noGrant = await post(`${h.url}/v1/turns/811/approvals`, { call_id: 'toolu_nope', decision: 'approve' }, token);
    expect(noGrant).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    await post(`${h.url}/v1/turns/811/cancel`, {}, token);
    await h.odoo.turnEnd(811);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with turn counters', async () => {
    const response = await fetch(`${h.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('# TYPE parley_bridge_turns_started_total counter');
    expect(text).toMatch(/parley_bridge_turns_finished_total\{status="cancelled"\} \d+/);
    expect(text).toMatch(/parley_bridge_turns_running \d+/);
  });
});
