// Attack: the model (steered by injected text) calls a tool it was never offered — a bare `bash`,
// another MCP server's tool, or an Odoo tool hidden by policy. None of them runs: each gets an
// is_error tool_result, nothing reaches Odoo, and the attempt is logged and counted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, startTurn, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

it('answers every unoffered tool name with an error result and calls nothing', async () => {
  await startTurn(h, 1001, '[scenario:unknown-tool] do it');
  const end = await h.odoo.turnEnd(1001);
  expect(end.status).toBe('done');
  const results = (end.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>)[1]!;
  expect(results.role).toBe('user');
  expect(results.content).toHaveLength(3);
  for (const result of results.content) {
    expect(result).toMatchObject({ type: 'tool_result', is_error: true, content: expect.stringMatching(/^tool_not_available: /) });
  }
  expect(h.odoo.toolCalls()).toHaveLength(0);
  const refusals = h.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.msg === 'model asked for a tool that was not offered');
  expect(refusals.map((l) => l.tool)).toEqual(['bash', 'mcp__filesystem__read_file', 'mcp__odoo__delete_records']);
  const metrics = await (await fetch(`${h.url}/metrics`)).text();
  expect(metrics).toContain('parley_bridge_tool_refused_total 3');
  const toolEnds = h.odoo.eventsOf(1001).filter((e) => e.type === 'tool.end');
  expect(toolEnds.every((e) => e.ok === false && (e.error as { code: string }).code === 'tool_not_available')).toBe(true);
});
