// The per-turn in-process MCP server/client pair, tested against each other in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openToolbox, summarizeData, type Toolbox } from '../../src/mcp/server.js';
import { OdooClient } from '../../src/mcp/odoo-client.js';
import { TOOLS } from '../../src/mcp/tools/index.js';
import { OdooStandIn } from '../support/odoo-stand-in.js';

let odoo: OdooStandIn;
let toolbox: Toolbox;
const controller = new AbortController();

beforeAll(async () => {
  odoo = await new OdooStandIn().start();
  odoo.tools.set('search_records', async (args) => ({ ok: true, data: { records: [{ id: 1 }], total: 40, truncated: true, echo: args } }));
  const token = odoo.issue({ tid: 77 });
  toolbox = await openToolbox({
    tools: TOOLS,
    allowed: new Set(['search_records', 'update_records', 'not_a_tool']),
    odoo: new OdooClient({ baseUrl: odoo.url, token, timeoutMs: 2000 }),
    turnId: 77,
    toolTimeoutMs: 2000,
    signal: controller.signal,
    emit: () => undefined,
  });
});
afterAll(async () => {
  await toolbox.close();
  await odoo.close();
});

describe('toolbox', () => {
  it('registers only the allowed tools, offered with the mcp__odoo__ prefix', () => {
    expect([...toolbox.names].sort()).toEqual(['search_records', 'update_records']);
    expect(toolbox.offered.map((t) => t.name).sort()).toEqual(['mcp__odoo__search_records', 'mcp__odoo__update_records']);
    expect(toolbox.offered.every((t) => t.input_schema.type === 'object')).toBe(true);
  });

  it('passes a call through to Odoo with turn id, call id and grant, and summarizes the result', async () => {
    const result = await toolbox.call('search_records', { model: 'res.partner', limit: 3 }, { callId: 'toolu_9', grant: 'v1.g' });
    expect(result).toMatchObject({ ok: true, summary: '1 record of 40 (truncated)', error: null });
    expect(JSON.parse(result.text)).toMatchObject({ echo: { model: 'res.partner', limit: 3 } });
    expect(odoo.toolCalls('search_records').at(-1)!.body).toEqual({ turn_id: 77, call_id: 'toolu_9', args: { model: 'res.partner', limit: 3 }, grant: 'v1.g' });
  });

  it('answers arguments failing the schema with an error result, without calling Odoo', async () => {
    const before = odoo.toolCalls().length;
    const result = await toolbox.call('search_records', { model: 42 }, { callId: 'toolu_x' });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('validation_error');
    expect(result.text).toMatch(/^validation_error: Invalid arguments for tool search_records: .*expected string, received number at model/);
    expect(result.text).not.toMatch(/MCP error|-32602/);
    expect(odoo.toolCalls()).toHaveLength(before);
  });

  it('refuses a tool that is not registered for this turn', async () => {
    const result = await toolbox.call('delete_records', { model: 'res.partner', ids: [1] }, { callId: 'toolu_y' });
    expect(result.ok).toBe(false);
    expect(odoo.toolCalls('delete_records')).toHaveLength(0);
  });

  it('summarizes the result shapes of docs/wire.md §6', () => {
    expect(summarizeData({ records: [1, 2], total: 2 })).toBe('2 records');
    expect(summarizeData({ groups: [1] })).toBe('1 group');
    expect(summarizeData({ models: [1, 2, 3], truncated: true })).toBe('3 models (truncated)');
    expect(summarizeData({ rows: [] })).toBe('0 rows');
    expect(summarizeData(null)).toBe('');
  });
});
