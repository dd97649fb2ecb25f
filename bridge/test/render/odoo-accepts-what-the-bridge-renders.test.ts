// Odoo's artifact checks (models/parley_artifact.py: CSP-first prefix, no active markup, no remote
// reference in a chart) run on what the bridge really renders: every chart type, a full report and
// the sanitized hostile corpus must pass, so the tripwire never trips on honest output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHART_TYPES } from '../../src/render/chart-spec.js';
import { chartDocument, renderChart } from '../../src/render/chart.js';
import { renderReport } from '../../src/render/report.js';
import { overdueReportHtml } from '../../../test/security/sandbox/support/sample-report.js';
import { artifactModelPresent, odooArtifactChecks } from './support/odoo-checks.js';
import { specFor } from './support/specs.js';

function odooAccepts(items: { html: string; svg?: string }[]): boolean[] {
  return odooArtifactChecks(items).map((verdict) => verdict.problem === null);
}

const corpus = (JSON.parse(readFileSync(new URL('../../../test/fixtures/hostile-html/payloads.json', import.meta.url), 'utf8')) as {
  payloads: { id: string; html: string }[];
}).payloads.map((p) => ({ id: p.id, html: fill(p.html) }));

function fill(html: string): string {
  return html.replaceAll('{{JS_ATTR}}', 'x()').replaceAll('{{JS}}', 'x()').replaceAll('{{CANARY_PORT}}', '9').replaceAll('{{CANARY}}', 'http://127.0.0.1:9');
}

describe.skipIf(!artifactModelPresent)("Odoo's artifact checks accept what the bridge renders", () => {
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
