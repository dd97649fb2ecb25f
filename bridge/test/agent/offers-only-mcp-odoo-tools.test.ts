// The tools the model sees are exactly the turn's effective policy, each as mcp__odoo__<name>
// with the MCP tool's JSON schema — asserted on the request the model server actually received.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, startTurn, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

interface SentTool {
  name: string;
  description: string;
  input_schema: { type: string; properties: Record<string, unknown>; required?: string[] };
}
const toolsSent = (turnText: string) => {
  const request = h.model.requests().find((r) => JSON.stringify(r.body).includes(turnText))!;
  return (request.body as { tools?: SentTool[] }).tools;
};

it('offers only mcp__odoo__* tools, exactly those in the policy', async () => {
  await startTurn(h, 1101, '[scenario:default] read tools');
  await h.odoo.turnEnd(1101);
  const tools = toolsSent('read tools')!;
  expect(tools.map((t) => t.name).sort()).toEqual(
    ['aggregate_records', 'describe_model', 'list_models', 'read_records', 'search_records'].map((n) => `mcp__odoo__${n}`),
  );
  expect(tools.every((t) => /^mcp__odoo__[a-z_]+$/.test(t.name))).toBe(true);
  const search = tools.find((t) => t.name === 'mcp__odoo__search_records')!;
  expect(search.input_schema.type).toBe('object');
  expect(Object.keys(search.input_schema.properties)).toEqual(['model', 'domain', 'fields', 'order', 'limit', 'offset']);
  expect(search.input_schema.required).toEqual(['model']);
});

it('a hidden tool is not offered even though the bridge knows it', async () => {
  await startTurn(h, 1102, '[scenario:default] narrow policy', {
    policy: { version: '2', tools: { search_records: { action: 'allow' }, update_records: { action: 'approve' } } },
  });
  await h.odoo.turnEnd(1102);
  expect(toolsSent('narrow policy')!.map((t) => t.name)).toEqual(['mcp__odoo__search_records', 'mcp__odoo__update_records']);
});

it('ignores policy names the bridge has no tool for, and sends no tools for an empty policy', async () => {
  await startTurn(h, 1103, '[scenario:default] odd policy', { policy: { version: '3', tools: { shell_exec: { action: 'allow' } } } });
  await h.odoo.turnEnd(1103);
  expect(toolsSent('odd policy')).toBeUndefined();
  await startTurn(h, 1104, '[scenario:default] empty policy', { policy: { version: '3', tools: {} } });
  await h.odoo.turnEnd(1104);
  expect(toolsSent('empty policy')).toBeUndefined();
});
