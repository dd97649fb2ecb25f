// Odoo's artifact checks (models/parley_artifact.py: CSP-first prefix, no active markup, no remote
// reference in a chart) run on what the bridge really renders: every chart type, a full report and
// the sanitized hostile corpus must pass, so the tripwire never trips on honest output.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHART_TYPES } from '../../src/render/chart-spec.js';
import { chartDocument, renderChart } from '../../src/render/chart.js';
import { renderReport } from '../../src/render/report.js';
import { overdueReportHtml } from '../../../test/security/sandbox/support/sample-report.js';
import { specFor } from './support/specs.js';

const MODEL = fileURLToPath(new URL('../../../odoo_addon/parley/models/parley_artifact.py', import.meta.url));

// Loads the module's constants and its two pure check functions without importing Odoo, and runs
// exactly the code _parley_document and _parley_chart_values run.
const CHECK = `
import ast, json, re, sys
tree = ast.parse(open(sys.argv[1]).read())
scope = {'__builtins__': {'isinstance': isinstance, 'str': str, 'len': len, 'any': any}, 're': re}
for node in tree.body:
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        try:
            exec(compile(ast.Module([node], []), 'constants', 'exec'), scope)
        except Exception:
            pass  # not a plain constant (needs Odoo)
    elif isinstance(node, ast.FunctionDef) and node.name in ('document_problem', 'svg_problem'):
        exec(compile(ast.Module([node], []), 'checks', 'exec'), scope)
verdicts = []
for item in json.load(sys.stdin):
    problem = scope['document_problem'](item['html'])
    if not problem and 'svg' in item:
        problem = scope['svg_problem'](item['svg'])
    verdicts.append(problem is None)
print(json.dumps(verdicts))
`;

function odooAccepts(items: { html: string; svg?: string }[]): boolean[] {
  const out = execFileSync(process.env.PARLEY_SYSTEM_PYTHON ?? '/usr/bin/python3', ['-c', CHECK, MODEL], {
    input: JSON.stringify(items),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as boolean[];
}

const corpus = (JSON.parse(readFileSync(new URL('../../../test/fixtures/hostile-html/payloads.json', import.meta.url), 'utf8')) as {
  payloads: { id: string; html: string }[];
}).payloads.map((p) => ({ id: p.id, html: fill(p.html) }));

function fill(html: string): string {
  return html.replaceAll('{{JS_ATTR}}', 'x()').replaceAll('{{JS}}', 'x()').replaceAll('{{CANARY_PORT}}', '9').replaceAll('{{CANARY}}', 'http://127.0.0.1:9');
}

describe.skipIf(!existsSync(MODEL))("Odoo's artifact checks accept what the bridge renders", () => {
  it('every chart type (SVG and document)', () => {
    const items = CHART_TYPES.map((type) => {
      const chart = renderChart(specFor(type));
      return { html: chartDocument(chart), svg: chart.svg };
    });
    expect(odooAccepts(items)).toEqual(items.map(() => true));
  });

  it('a full report with an inline chart, and every sanitized hostile payload', () => {
    const report = renderReport({ title: 'Overdue', html: overdueReportHtml(renderChart(specFor('stacked_bar')).svg) });
    expect(odooAccepts([{ html: report }])).toEqual([true]);
    const verdicts = odooAccepts(corpus.map((p) => ({ html: renderReport({ title: 't', html: p.html }) })));
    expect(corpus.filter((_p, i) => !verdicts[i]).map((p) => p.id)).toEqual([]);
  });

  it('and refuses every payload unsanitized (the tripwire is live)', () => {
    const raw = corpus.map((p) => ({ html: renderReport({ title: 't', html: '' }).replace('</article>', `${p.html}</article>`) }));
    const verdicts = odooAccepts(raw);
    expect(corpus.filter((_p, i) => verdicts[i]).map((p) => p.id)).toEqual([]);
  });
});
