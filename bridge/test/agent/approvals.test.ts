// A tool whose policy action is `approve` waits for the user's decision (issue 4 builds the UI):
// the bridge emits approval.request, and only an approve with a grant lets the call reach Odoo,
// carrying that grant unchanged. A deny never reaches Odoo.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startHarness, startTurn, type Harness } from '../support/harness.js';

let h: Harness;
const policy = { version: '1', tools: { update_records: { action: 'approve' } } };
beforeAll(async () => {
  h = await startHarness();
  h.odoo.tools.set('update_records', async (_args, body) =>
    body.grant === 'v1.signed-grant' ? { ok: true, data: { updated: [7] } } : { ok: false, error: { code: 'approval_required', message: 'Approval required.' } },
  );
});
afterAll(() => h.close());

it('runs the call with the forwarded grant after approval', async () => {
  const token = await startTurn(h, 1201, '[scenario:approval] rename', { policy });
  const request = await h.odoo.waitForEvent(1201, 'approval.request');
  expect(request).toMatchObject({ tool: 'update_records', args: { model: 'res.partner', ids: [7] } });
  expect(h.odoo.toolCalls('update_records')).toHaveLength(0);
  const answer = await post(`${h.url}/v1/turns/1201/approvals`, { call_id: request.call_id, decision: 'approve', grant: 'v1.signed-grant' }, token);
  expect(answer.body).toEqual({ delivered: true });
  const end = await h.odoo.turnEnd(1201);
  expect(end.status).toBe('done');
  expect(h.odoo.toolCalls('update_records')[0]!.body).toMatchObject({ call_id: request.call_id, grant: 'v1.signed-grant' });
});

it('answers a denied call with an error result and never calls Odoo', async () => {
  const before = h.odoo.toolCalls('update_records').length;
  const token = await startTurn(h, 1202, '[scenario:approval] rename again', { policy });
  const request = await h.odoo.waitForEvent(1202, 'approval.request');
  await post(`${h.url}/v1/turns/1202/approvals`, { call_id: request.call_id, decision: 'deny' }, token);
  const end = await h.odoo.turnEnd(1202);
  const result = (end.messages as Array<{ content: Array<Record<string, unknown>> }>)[1]!.content[0];
  expect(result).toMatchObject({ is_error: true, content: 'approval_denied: The user declined this action.' });
  expect(h.odoo.toolCalls('update_records')).toHaveLength(before);
});
