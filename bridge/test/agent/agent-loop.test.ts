// The agent loop end to end inside the bridge: real HTTP app, real Anthropic SDK, scripted model
// server, Odoo stand-in. Each test drives one scenario through POST /v1/turns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, startTurn, type Harness } from '../support/harness.js';

let h: Harness;
let nextTurn = 100;

beforeAll(async () => {
  h = await startHarness();
  h.odoo.tools.set('search_records', async (args) => ({
    ok: true,
    data: { model: args.model, total: 2, count: 2, offset: 0, truncated: false, records: [{ id: 1, name: 'A' }, { id: 2, name: 'B' }] },
  }));
  h.odoo.tools.set('list_models', async () => ({ ok: true, data: { models: [{ model: 'res.partner', name: 'Contact' }], truncated: false } }));
  h.odoo.tools.set('describe_model', async () => ({ ok: true, data: { model: 'res.partner', name: 'Contact', fields: [{ name: 'name' }], truncated: false } }));
});
afterAll(() => h.close());

describe('agent loop', () => {
  it('streams a text-only answer and ends done with the assistant message', async () => {
    const turnId = nextTurn++;
    await startTurn(h, turnId, 'hello there');
    const end = await h.odoo.turnEnd(turnId);
    expect(end.status).toBe('done');
    expect(end.rounds).toBe(1);
    expect(end.error).toBeNull();
    const events = h.odoo.eventsOf(turnId);
    expect(events[0]).toMatchObject({ seq: 1, type: 'turn.start', model: 'claude-sonnet-5-5' });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const text = events.filter((e) => e.type === 'text.delta').map((e) => e.text).join('');
    expect(text).toBe('Hello! I am the scripted test model. Ask me which customers are in Belgium.');
    expect(end.messages).toEqual([{ role: 'assistant', content: [{ type: 'text', text }] }]);
    expect(end.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) });
  });

  it('runs a tool round trip: tool.start/tool.end with duration, result back to the model', async () => {
    const turnId = nextTurn++;
    await startTurn(h, turnId, 'which customers are in Belgium?');
    const end = await h.odoo.turnEnd(turnId);
    expect(end.status).toBe('done');
    expect(end.rounds).toBe(2);
    const events = h.odoo.eventsOf(turnId);
    const start = events.find((e) => e.type === 'tool.start');
    const stop = events.find((e) => e.type === 'tool.end');
    expect(start).toMatchObject({ tool: 'search_records', summary: 'res.partner', args: { model: 'res.partner', limit: 20 } });
    expect(stop).toMatchObject({ tool: 'search_records', ok: true, summary: '2 records', call_id: start?.call_id });
    expect(typeof stop?.duration_ms).toBe('number');
    // Odoo got the call with the turn's token, turn id and the model's call id.
    const call = h.odoo.toolCalls('search_records').find((r) => r.body.turn_id === turnId)!;
    expect(call.body).toMatchObject({ turn_id: turnId, call_id: start?.call_id, args: { model: 'res.partner' } });
    expect(call.headers['x-odoo-database']).toBe('hb_test');
    // The second model request carried the tool result.
    const second = h.model.requests().filter((r) => r.scenario === 'belgium-customers' && r.round === 1).at(-1)!;
    const messages = (second.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    expect(messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: start?.call_id }] });
    const messagesOut = end.messages as Array<{ role: string }>;
    expect(messagesOut.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
  });

  it('runs two tool_use blocks of one message in order', async () => {
    const turnId = nextTurn++;
    await startTurn(h, turnId, '[scenario:two-tools] go');
    const end = await h.odoo.turnEnd(turnId);
    expect(end.status).toBe('done');
    const tools = h.odoo.eventsOf(turnId).filter((e) => e.type.startsWith('tool.')).map((e) => `${e.type}:${e.tool}`);
    expect(tools).toEqual(['tool.start:list_models', 'tool.end:list_models', 'tool.start:describe_model', 'tool.end:describe_model']);
    const results = (end.messages as Array<{ role: string; content: Array<{ type: string }> }>)[1]!;
    expect(results.content.map((b) => b.type)).toEqual(['tool_result', 'tool_result']);
  });

  it('ends failed with round_cap when the model never stops calling tools, pairing every tool_use', async () => {
    const turnId = nextTurn++;
    await startTurn(h, turnId, '[scenario:tool-loop] loop', { max_rounds: 3 });
    const end = await h.odoo.turnEnd(turnId);
    expect(end.status).toBe('failed');
    expect(end.rounds).toBe(3);
    expect(end.error).toMatchObject({ code: 'round_cap' });
    const messages = end.messages as Array<{ role: string; content: Array<{ type: string; content?: string }> }>;
    expect(messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', is_error: true }] });
    expect(h.odoo.toolCalls('list_models').filter((c) => c.body.turn_id === turnId)).toHaveLength(2);
  });

  it('ends failed with model_overloaded on a 529, without retrying in tests', async () => {
    const turnId = nextTurn++;
    await startTurn(h, turnId, '[scenario:overloaded] hi');
    const end = await h.odoo.turnEnd(turnId);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'model_overloaded' } });
    expect(h.model.requests().filter((r) => r.scenario === 'overloaded')).toHaveLength(1);
  });

  it('ends failed with model_unavailable on a 500 and never leaks the upstream body', async () => {
    const turnId = nextTurn++;
    await startTurn(h, turnId, '[scenario:api-error] hi');
    const end = await h.odoo.turnEnd(turnId);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'model_unavailable' } });
    expect(JSON.stringify(end.error)).not.toContain('Internal server error');
  });

  it('ends failed when the stream breaks with an error event, keeping the text already streamed', async () => {
    const turnId = nextTurn++;
    await startTurn(h, turnId, '[scenario:stream-error] hi');
    const end = await h.odoo.turnEnd(turnId);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'model_overloaded' } });
    const text = h.odoo.eventsOf(turnId).filter((e) => e.type === 'text.delta').map((e) => e.text).join('');
    expect(text).toBe('Starting to answer');
    expect(end.messages).toEqual([{ role: 'assistant', content: [{ type: 'text', text: 'Starting to answer' }] }]);
  });

  it('hands Odoo tool errors to the model as is_error results and reports them in tool.end', async () => {
    const turnId = nextTurn++;
    const working = h.odoo.tools.get('search_records')!;
    h.odoo.tools.set('search_records', async () => ({ ok: false, error: { code: 'access_denied', message: 'You are not allowed to access System Parameter.' } }));
    await startTurn(h, turnId, 'show me the system parameters');
    const end = await h.odoo.turnEnd(turnId);
    h.odoo.tools.set('search_records', working);
    expect(end.status).toBe('done');
    const toolEnd = h.odoo.eventsOf(turnId).find((e) => e.type === 'tool.end');
    expect(toolEnd).toMatchObject({ ok: false, error: { code: 'access_denied' } });
    const result = (end.messages as Array<{ content: Array<Record<string, unknown>> }>)[1]!.content[0];
    expect(result).toMatchObject({ type: 'tool_result', is_error: true, content: 'access_denied: You are not allowed to access System Parameter.' });
  });

  it('sends the user context in the system prompt and the effective max_tokens', async () => {
    const turnId = nextTurn++;
    await startTurn(h, turnId, '[scenario:default] context please');
    await h.odoo.turnEnd(turnId);
    const request = h.model.requests().filter((r) => r.scenario === 'default').at(-1)!;
    const body = request.body as { system: string; max_tokens: number; stream: boolean };
    expect(body.stream).toBe(true);
    expect(body.max_tokens).toBe(1024);
    expect(body.system).toContain('"Marc Demo"');
    expect(body.system).toContain('odoo://res.partner/7');
  });

  it('does not run or store a tool_use when the model stopped for max_tokens', async () => {
    const turnId = nextTurn++;
    const before = h.odoo.toolCalls().length;
    await startTurn(h, turnId, '[scenario:max-tokens] go');
    const end = await h.odoo.turnEnd(turnId);
    expect(end.status).toBe('done');
    expect(end.messages).toEqual([{ role: 'assistant', content: [{ type: 'text', text: 'I was about to call a tool' }] }]);
    expect(h.odoo.toolCalls()).toHaveLength(before);
  });
});
