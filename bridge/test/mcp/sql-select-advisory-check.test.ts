// sql_select runs the bridge's advisory SQL check before calling Odoo: obvious non-SELECTs never
// leave the bridge. (Odoo's guard is authoritative; this only saves a round trip.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/mcp/odoo-client.js';
import { openToolbox, type Toolbox } from '../../src/mcp/server.js';
import { TOOLS } from '../../src/mcp/tools/index.js';
import { OdooStandIn } from '../support/odoo-stand-in.js';

let odoo: OdooStandIn;
let toolbox: Toolbox;

beforeAll(async () => {
  odoo = await new OdooStandIn().start();
  odoo.tools.set('sql_select', async () => ({ ok: true, data: { columns: ['name'], rows: [['A']], row_count: 1, truncated: false } }));
  const token = odoo.issue({ tid: 88 });
  toolbox = await openToolbox({
    tools: TOOLS,
    allowed: new Set(['sql_select']),
    odoo: new OdooClient({ baseUrl: odoo.url, token, timeoutMs: 2000 }),
    turnId: 88,
    toolTimeoutMs: 2000,
    signal: new AbortController().signal,
    emit: () => undefined,
  });
});
afterAll(async () => {
  await toolbox.close();
  await odoo.close();
});

it.each(['DELETE FROM res_partner', 'SELECT 1; DROP TABLE res_partner', 'UPDATE res_users SET active = false'])(
  'refuses %s without calling Odoo',
  async (sql) => {
    const result = await toolbox.call('sql_select', { sql }, { callId: 'toolu_sql' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    expect(result.text).toMatch(/^validation_error: SQL refused before running: /);
    expect(odoo.toolCalls('sql_select')).toHaveLength(0);
  },
);

it('passes a plain SELECT through to Odoo', async () => {
  const result = await toolbox.call('sql_select', { sql: 'SELECT name FROM res_partner WHERE id = %s', params: [1] }, { callId: 'toolu_sql2' });
  expect(result).toMatchObject({ ok: true, summary: '1 row' });
  expect(odoo.toolCalls('sql_select')[0]!.body).toMatchObject({ args: { sql: 'SELECT name FROM res_partner WHERE id = %s', params: [1] } });
});
