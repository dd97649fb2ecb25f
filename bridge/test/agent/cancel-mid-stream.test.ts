// Stop means stop: cancelling aborts the model stream and any tool call in flight, and the turn
// still ends cleanly with turn.end status "cancelled" and what was produced so far.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startHarness, startTurn, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

const streamedText = (turnId: number) =>
  h.odoo
    .eventsOf(turnId)
    .filter((e) => e.type === 'text.delta')
    .map((e) => e.text)
    .join('');

it('POST cancel aborts the model stream mid-answer', async () => {
  const token = await startTurn(h, 901, 'please give a long answer');
  await h.odoo.waitForEvent(901, 'text.delta');
  const started = Date.now();
  expect(await post(`${h.url}/v1/turns/901/cancel`, {}, token)).toEqual({ status: 200, body: { cancelled: true } });
  const end = await h.odoo.turnEnd(901);
  expect(Date.now() - started).toBeLessThan(5000); // the long answer alone takes ~10 s
  expect(end).toMatchObject({ status: 'cancelled', error: null, rounds: 1 });
  const text = streamedText(901);
  expect(text.length).toBeGreaterThan(0);
  expect(text).not.toContain('the end.');
  // The partial answer the user saw is kept as the assistant message.
  expect(end.messages).toEqual([{ role: 'assistant', content: [{ type: 'text', text: expect.stringContaining(text.slice(0, 10)) }] }]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(h.model.requests().find((r) => r.scenario === 'long-answer')?.aborted).toBe(true);
  expect(h.bridge.registry.size).toBe(0);
});

it('stops when Odoo answers an events batch with a state other than running', async () => {
  await startTurn(h, 902, 'another long answer');
  await h.odoo.waitForEvent(902, 'text.delta');
  h.odoo.states.set(902, 'cancelled');
  const end = await h.odoo.turnEnd(902);
  expect(end.status).toBe('cancelled');
  expect(streamedText(902)).not.toContain('the end.');
});

it('aborts a tool call in flight and pairs its tool_use with a cancelled result', async () => {
  h.odoo.tools.set('search_records', () => new Promise(() => undefined));
  const token = await startTurn(h, 903, '[scenario:slow-tool] go');
  const toolRequest = await h.odoo.waitForToolCall('search_records', 903);
  await post(`${h.url}/v1/turns/903/cancel`, {}, token);
  const end = await h.odoo.turnEnd(903);
  expect(toolRequest.aborted).toBe(true);
  expect(end.status).toBe('cancelled');
  const messages = end.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
  expect(messages.map((m) => m.role)).toEqual(['assistant', 'user']);
  expect(messages[1]!.content[0]).toMatchObject({ type: 'tool_result', is_error: true, content: expect.stringMatching(/^cancelled: /) });
  expect(h.odoo.eventsOf(903).find((e) => e.type === 'tool.end')).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  // No second model round after a cancel.
  expect(h.model.requests().filter((r) => r.scenario === 'slow-tool')).toHaveLength(1);
  h.odoo.tools.delete('search_records');
});

it('fails a turn that outlives its time limit with turn_timeout', async () => {
  const slow = await startHarness({ PARLEY_TURN_TIMEOUT_MS: '1000' });
  try {
    await startTurn(slow, 904, 'a long answer');
    const end = await slow.odoo.turnEnd(904);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'turn_timeout' } });
  } finally {
    await slow.close();
  }
});

it('a bridge shutdown ends running turns failed with bridge_shutdown', async () => {
  await startTurn(h, 905, 'a long answer again');
  await h.odoo.waitForEvent(905, 'text.delta');
  h.bridge.registry.cancelAll('shutdown');
  expect(await h.odoo.turnEnd(905)).toMatchObject({ status: 'failed', error: { code: 'bridge_shutdown' } });
});
