// Approvals seen from the bridge (DESIGN §5): an approval the user never decides before the
// turn's time limit fails the call with approval_timeout (never silently), and Odoo's
// circuit_breaker / kill_switch answers end the turn instead of letting the model go on.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startHarness, startTurn, type Harness } from '../support/harness.js';

let h: Harness;
const policy = { version: '1', tools: { update_records: { action: 'approve' } } };
type Stored = Array<{ content: Array<Record<string, unknown>> }>;

beforeAll(async () => {
  h = await startHarness({ PARLEY_TURN_TIMEOUT_MS: '1500' });
});
afterAll(() => h.close());

it('fails an undecided approval with approval_timeout when the turn runs out of time', async () => {
  await startTurn(h, 1301, '[scenario:approval] rename', { policy });
  await h.odoo.waitForEvent(1301, 'approval.request');
  const end = await h.odoo.turnEnd(1301);
  expect(end).toMatchObject({ status: 'failed', error: { code: 'turn_timeout' } });
  const result = (end.messages as Stored)[1]!.content[0];
  expect(result).toMatchObject({ is_error: true });
  expect(String(result!.content)).toMatch(/^approval_timeout: /);
  expect(h.odoo.toolCalls('update_records')).toHaveLength(0);
});

it.each([
  ['circuit_breaker', 'circuit_breaker'],
  ['kill_switch', 'kill_switch'],
])('ends the turn failed when Odoo answers %s', async (code, expected) => {
  const turnId = code === 'circuit_breaker' ? 1302 : 1303;
  h.odoo.tools.set('update_records', () => ({ ok: false, error: { code, message: `Odoo says ${code}.` } }));
  const token = await startTurn(h, turnId, '[scenario:approval] rename', { policy });
  const request = await h.odoo.waitForEvent(turnId, 'approval.request');
  await post(`${h.url}/v1/turns/${turnId}/approvals`, { call_id: request.call_id, decision: 'approve', grant: 'v1.g' }, token);
  const end = await h.odoo.turnEnd(turnId);
  expect(end).toMatchObject({ status: 'failed', error: { code: expected } });
  // The model was not asked for another round after the breaker: one assistant message, one result.
  expect((end.messages as Stored).length).toBe(2);
});

it('asks no approval for arguments that fail the tool schema (the call is refused as invalid)', async () => {
  const before = h.odoo.toolCalls('update_records').length;
  await startTurn(h, 1304, '[scenario:approval-invalid-args] rename', { policy });
  const end = await h.odoo.turnEnd(1304);
  const events = h.odoo.events.get(1304) ?? [];
  expect(events.some((event) => event.type === 'approval.request')).toBe(false);
  expect((end.messages as Stored)[1]!.content[0]).toMatchObject({ is_error: true });
  expect(events.find((event) => event.type === 'tool.end')).toMatchObject({ ok: false, error: { code: 'validation_error' } });
  expect(h.odoo.toolCalls('update_records')).toHaveLength(before);
});
