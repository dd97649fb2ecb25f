// render_chart and render_report through the real in-process MCP server, against the Odoo stand-in:
// the artifact goes to Odoo rendered and wrapped, the panel gets an `artifact` event, the model gets
// a short confirmation — never the SVG or the HTML back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openToolbox, type Toolbox } from '../../src/mcp/server.js';
import { OdooClient } from '../../src/mcp/odoo-client.js';
import type { ToolEvent } from '../../src/mcp/tools/define.js';
import { renderChartTool } from '../../src/mcp/tools/render_chart.js';
import { renderReportTool } from '../../src/mcp/tools/render_report.js';
import { REPORT_DOCUMENT_PREFIX } from '../../src/render/report.js';
import { OdooStandIn } from '../support/odoo-stand-in.js';
import { specFor } from './support/specs.js';

let odoo: OdooStandIn;
let toolbox: Toolbox;
const events: ToolEvent[] = [];
let nextId = 40;

beforeAll(async () => {
  odoo = await new OdooStandIn().start();
  for (const tool of ['render_chart', 'render_report']) {
    odoo.tools.set(tool, async (args) => ({ ok: true, data: { artifact_id: ++nextId, kind: args.kind, title: args.title } }));
  }
  toolbox = await openToolbox({
    tools: [renderChartTool, renderReportTool],
    allowed: new Set(['render_chart', 'render_report']),
    odoo: new OdooClient({ baseUrl: odoo.url, token: odoo.issue({ tid: 91 }), timeoutMs: 5000 }),
    turnId: 91,
    toolTimeoutMs: 5000,
    signal: new AbortController().signal,
    emit: (event) => events.push(event),
  });
});

afterAll(async () => {
  await toolbox.close();
  await odoo.close();
});

describe('render tools store artifacts in Odoo and answer the model briefly', () => {
  it('offers both tools with JSON schemas the model can read', () => {
    const chart = toolbox.offered.find((t) => t.name === 'mcp__odoo__render_chart');
    expect(chart?.input_schema).toMatchObject({ type: 'object', properties: { type: { enum: expect.arrayContaining(['pie', 'stacked_area']) } } });
    expect(toolbox.offered.map((t) => t.name).sort()).toEqual(['mcp__odoo__render_chart', 'mcp__odoo__render_report']);
  });

  it('render_chart sends the SVG and its CSP-first document to Odoo, emits artifact, returns only the id', async () => {
    const result = await toolbox.call('render_chart', specFor('line'), { callId: 'toolu_chart1' });
    expect(result.ok).toBe(true);
    const answer = JSON.parse(result.text) as Record<string, unknown>;
    expect(answer).toEqual({ artifact_id: nextId, kind: 'chart', title: 'Monthly sales 2025 by team', shown: expect.any(String) });
    expect(result.text).not.toContain('<svg');
    const sent = odoo.toolCalls('render_chart').at(-1)!.body;
    expect(sent).toMatchObject({ turn_id: 91, call_id: 'toolu_chart1' });
    const args = sent.args as Record<string, unknown>;
    expect(args).toMatchObject({ kind: 'chart', width: 760, height: 420, source: { call_id: 'toolu_01Sales2025', tool: 'aggregate_records' } });
    expect(String(args.svg)).toMatch(/^<svg role="img"/);
    expect(String(args.html).startsWith(REPORT_DOCUMENT_PREFIX)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'artifact', artifact_id: nextId, kind: 'chart', title: 'Monthly sales 2025 by team' });
  });

  it('render_chart refuses a bad spec with a readable error and never calls Odoo', async () => {
    const before = odoo.toolCalls().length;
    const result = await toolbox.call('render_chart', { ...specFor('bar'), series: [{ name: 'a', values: [1] }] }, { callId: 'toolu_bad' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    expect(result.text).toMatch(/1 values for 12 categories/);
    expect(odoo.toolCalls()).toHaveLength(before);
  });

  it('render_chart refuses a chart within the spec caps that draws more SVG than Odoo stores, saying what to do', async () => {
    const before = odoo.toolCalls().length;
    const categories = Array.from({ length: 400 }, (_v, i) => `Product ${i}`);
    const series = Array.from({ length: 12 }, (_v, s) => ({ name: `Team ${s}`, values: categories.map((_c, i) => i + s) }));
    const result = await toolbox.call('render_chart', { ...specFor('bar'), categories, series }, { callId: 'toolu_huge' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    expect(result.text).toMatch(/^validation_error: The chart draws \d+ characters of SVG, more than the 500000 that can be stored: aggregate/);
    expect(odoo.toolCalls()).toHaveLength(before);
  });

  it('render_report refuses a report that grows past what Odoo stores once escaped, and never calls Odoo', async () => {
    const before = odoo.toolCalls().length;
    const result = await toolbox.call('render_report', { title: 'Ampersands', html: '&'.repeat(200_000) }, { callId: 'toolu_amp' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    expect(result.text).toMatch(/The report is \d+ characters once made safe, more than the 1000000 that can be stored/);
    expect(odoo.toolCalls()).toHaveLength(before);
  });

  it('render_report sends sanitized, wrapped HTML; the script never reaches Odoo', async () => {
    const html = '<h1>Overdue</h1><p onclick="x()">Two invoices</p><script>parent.__pwned=1</script><img src="https://evil.example/p.png">';
    const result = await toolbox.call('render_report', { title: 'Overdue invoices', html }, { callId: 'toolu_rep1' });
    expect(result.ok).toBe(true);
    const args = odoo.toolCalls('render_report').at(-1)!.body.args as { kind: string; html: string };
    expect(args.kind).toBe('report');
    expect(args.html.startsWith(REPORT_DOCUMENT_PREFIX)).toBe(true);
    expect(args.html).toContain('<h1>Overdue</h1><p>Two invoices</p><img />');
    expect(args.html).not.toMatch(/__pwned|onclick|evil\.example/);
    expect(events.at(-1)).toMatchObject({ type: 'artifact', kind: 'report', title: 'Overdue invoices' });
  });

  it('render_report refuses a report with nothing safe left', async () => {
    const result = await toolbox.call('render_report', { title: 'x', html: '<script>alert(1)</script>' }, { callId: 'toolu_rep2' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation_error' } });
  });

  it("passes Odoo's refusal (e.g. provenance not found) to the model and emits nothing", async () => {
    odoo.tools.set('render_chart', async () => ({ ok: false, error: { code: 'validation_error', message: 'source.call_id is not a tool call of this chat.' } }));
    const count = events.length;
    const result = await toolbox.call('render_chart', specFor('pie'), { callId: 'toolu_chart2' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    expect(result.text).toContain('source.call_id');
    expect(events).toHaveLength(count);
  });
});
