// The scripted model server speaks the Messages SSE protocol as the real API does, selects
// scenarios as documented in README.md, and records what clients send.
import Anthropic from '@anthropic-ai/sdk';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios, selectScenario, turnPosition } from './scenario.js';
import { startScriptedModel, type ScriptedModel } from './server.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/scenarios');
let model: ScriptedModel;

beforeAll(async () => {
  model = await startScriptedModel({
    scenarios: [
      { name: 'default', responses: [{ content: [{ type: 'text', chunks: ['Hi', ' there'] }] }] },
      { name: 'weather', match: 'Weather', responses: [{ content: [{ type: 'text', text: 'Sunny.' }] }] },
      {
        name: 'tool',
        responses: [
          { content: [{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 'toolu_fixed', name: 'mcp__odoo__search_records', input: { model: 'res.partner', domain: [['id', '>', 1]] } }] },
          { content: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 7, output_tokens: 3 } },
        ],
      },
      { name: 'overloaded', responses: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }] },
    ],
  });
});
afterAll(() => model.close());

const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${model.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
const userTurn = (text: string) => ({ model: 'm', max_tokens: 10, stream: true, messages: [{ role: 'user', content: text }] });

describe('SSE protocol', () => {
  it('frames every event with an event: line matching its data type, in API order', async () => {
    const response = await post(userTurn('[scenario:tool] go'));
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const frames = (await response.text()).trim().split('\n\n');
    const types = frames.map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      const event = /^event: (\S+)$/.exec(eventLine!)![1];
      const data = JSON.parse(dataLine!.replace(/^data: /, '')) as { type: string };
      expect(data.type).toBe(event);
      return event;
    });
    expect(types).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
  });

  it('is read by the real SDK: text, tool_use with accumulated JSON input, stop reason', async () => {
    const client = new Anthropic({ apiKey: 'k', baseURL: model.url, maxRetries: 0 });
    const first = await client.messages.stream({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: '[scenario:tool] go' }] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([
      expect.objectContaining({ type: 'text', text: 'Looking.' }),
      expect.objectContaining({ type: 'tool_use', id: 'toolu_fixed', name: 'mcp__odoo__search_records', input: { model: 'res.partner', domain: [['id', '>', 1]] } }),
    ]);
    const second = await client.messages
      .stream({
        model: 'm',
        max_tokens: 10,
        messages: [
          { role: 'user', content: '[scenario:tool] go' },
          { role: 'assistant', content: first.content.map((b) => (b.type === 'tool_use' ? { type: 'tool_use' as const, id: b.id, name: b.name, input: b.input } : { type: 'text' as const, text: 'Looking.' })) },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_fixed', content: '{}' }] },
        ],
      })
      .finalMessage();
    expect(second).toMatchObject({ stop_reason: 'end_turn', usage: { input_tokens: 7, output_tokens: 3 }, content: [{ type: 'text', text: 'Done.' }] });
  });

  it('answers errors as the API does (529 overloaded_error), seen by the SDK as such', async () => {
    const response = await post(userTurn('[scenario:overloaded] hi'));
    expect(response.status).toBe(529);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    const client = new Anthropic({ apiKey: 'k', baseURL: model.url, maxRetries: 0 });
    await expect(client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: '[scenario:overloaded]' }] })).rejects.toMatchObject({ status: 529 });
  });

  it('requires an API key header like the real API', async () => {
    const response = await fetch(`${model.url}/v1/messages`, { method: 'POST', body: JSON.stringify(userTurn('hi')) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: 'authentication_error' } });
  });
});

describe('scenario selection', () => {
  it('uses the header, then the [scenario:name] marker, then match, then default', async () => {
    model.clearRequests();
    await (await post(userTurn('what is the weather?'), { 'x-scripted-scenario': 'tool' })).text();
    await (await post(userTurn('[scenario:weather] anything'))).text();
    await (await post(userTurn('How is the WEATHER today'))).text();
    await (await post(userTurn('something else'))).text();
    expect(model.requests().map((r) => r.scenario)).toEqual(['tool', 'weather', 'weather', 'default']);
  });

  it('picks the response by the number of assistant messages since the turn started', () => {
    const messages = [
      { role: 'user', content: 'old question' },
      { role: 'assistant', content: 'old answer' },
      { role: 'user', content: [{ type: 'text', text: 'new question' }] },
      { role: 'assistant', content: [{ type: 'tool_use' }] },
      { role: 'user', content: [{ type: 'tool_result' }] },
    ];
    expect(turnPosition(messages)).toEqual({ userText: 'new question', round: 1 });
  });

  it('answers 500 when a scenario runs out of responses, naming it', async () => {
    const response = await post({
      ...userTurn('x'),
      messages: [{ role: 'user', content: '[scenario:weather]' }, { role: 'assistant', content: 'Sunny.' }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: '' }] }],
    });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('scenario "weather" has no response #2');
  });

  it('records requests without credentials and serves them on GET /__requests', async () => {
    const recorded = (await (await fetch(`${model.url}/__requests`)).json()) as Array<Record<string, unknown>>;
    expect(recorded.length).toBeGreaterThan(0);
    const last = recorded.at(-1)!;
    expect(last).toMatchObject({ path: '/v1/messages', has_api_key: true });
    expect(JSON.stringify(recorded)).not.toContain('"x-api-key"');
  });
});

describe('fixtures', () => {
  it('every scenario file in test/fixtures/scenarios parses and names are unique', () => {
    const scenarios = loadScenarios(FIXTURES);
    expect(scenarios.length).toBeGreaterThan(5);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
    expect(selectScenario(scenarios, 'which customers are in Belgium?')?.name).toBe('belgium-customers');
    expect(selectScenario(scenarios, 'hello')?.name).toBe('default');
  });
});

it('answers a non-streaming request with one JSON message', async () => {
  const client = new Anthropic({ apiKey: 'k', baseURL: model.url, maxRetries: 0 });
  const message = await client.messages.create({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: '[scenario:weather]' }] });
  expect(message).toMatchObject({ role: 'assistant', stop_reason: 'end_turn', content: [{ type: 'text', text: 'Sunny.' }] });
});
