// Charts and reports (issue 5): how long the bridge takes to draw and sanitize, how large the output
// is, and how long Odoo's document check takes on honest and hostile input of the largest size it
// stores. Self-contained (no server); prints `figure: <name> = <value> <unit>`, never fails on a number.
import { readFileSync } from 'node:fs';
import { CHART_TYPES, type ChartSpecInput } from '../../bridge/src/render/chart-spec.js';
import { chartDocument, renderChart } from '../../bridge/src/render/chart.js';
import { renderReport } from '../../bridge/src/render/report.js';
import { odooArtifactChecks } from '../../bridge/test/render/support/odoo-checks.js';
import { specFor } from '../../bridge/test/render/support/specs.js';
import { overdueReportHtml } from '../../test/security/sandbox/support/sample-report.js';

const RUNS = 30;

function figure(name: string, value: number, unit: string): void {
  console.log(`figure: ${name} = ${unit === 'ms' ? value.toFixed(2) : Math.round(value)} ${unit}`);
}

/** Median and 95th percentile of `RUNS` timed calls (after one warm-up). */
function time(name: string, run: () => unknown): void {
  run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  figure(`${name}_p50`, samples[Math.floor(RUNS / 2)]!, 'ms');
  figure(`${name}_p95`, samples[Math.floor(RUNS * 0.95)]!, 'ms');
}

/** The largest spec a type accepts: 12 series × 400 categories, 10 × 500 scatter points, 40 slices. */
function specAtCap(type: (typeof CHART_TYPES)[number]): ChartSpecInput {
  const base = { type, title: `${type} at the caps`, source: { call_id: 'toolu_bench', tool: 'aggregate_records' } };
  if (type === 'scatter') {
    return { ...base, series: Array.from({ length: 10 }, (_s, s) => ({ name: `S${s}`, points: Array.from({ length: 500 }, (_p, i): [number, number] => [i, (i * 37 + s) % 991]) })) };
  }
  const size = type === 'pie' ? 40 : 400;
  const categories = Array.from({ length: size }, (_c, i) => `Category ${i}`);
  const seriesCount = type === 'pie' ? 1 : 12;
  return { ...base, categories, series: Array.from({ length: seriesCount }, (_s, s) => ({ name: `Series ${s}`, values: categories.map((_c, i) => i + s + 1) })) };
}

for (const type of CHART_TYPES) {
  time(`chart_${type}_typical`, () => renderChart(specFor(type)));
  const atCap = renderChart(specAtCap(type));
  time(`chart_${type}_at_caps`, () => renderChart(specAtCap(type)));
  figure(`chart_${type}_at_caps_svg`, atCap.svg.length, 'chars');
  figure(`chart_${type}_at_caps_document`, chartDocument(atCap).length, 'chars');
}

const report = overdueReportHtml(renderChart(specFor('stacked_bar')).svg);
time('report_overdue_summary', () => renderReport({ title: 'Overdue', html: report }));
const longReport = report.repeat(Math.floor(199_000 / report.length));
time(`report_${longReport.length}_chars`, () => renderReport({ title: 'Long', html: longReport }));

const corpus = (JSON.parse(readFileSync(new URL('../../test/fixtures/hostile-html/payloads.json', import.meta.url), 'utf8')) as {
  payloads: { html: string }[];
}).payloads.map((p) => p.html.replaceAll(/\{\{[A-Z_]+\}\}/g, 'x'));
time(`report_hostile_corpus_${corpus.length}_payloads`, () => corpus.forEach((html) => renderReport({ title: 't', html })));

// Odoo's check (models/parley_artifact.py), run by the system Python on documents of its limit.
const prefix = renderReport({ title: 't', html: '' }).split('<article')[0]!;
const fill = (unit: string) => prefix + '<p>' + unit.repeat(Math.floor((999_000 - prefix.length) / unit.length));
const documents = {
  honest_report: renderReport({ title: 't', html: longReport }),
  run_of_lt: fill('<'),
  run_of_open_tags: fill('<a '),
  run_of_open_styles: fill('<a style="'),
  many_small_tags: fill('<b>x</b>'),
};
try {
  const verdicts = odooArtifactChecks(Object.values(documents).map((html) => ({ html })));
  Object.keys(documents).forEach((name, i) => {
    const { problem, ms } = verdicts[i]!;
    figure(`odoo_document_check_${name} (${problem === null ? 'accepted' : 'refused'})`, ms, 'ms');
  });
} catch (error) {
  console.log(`SKIPPED: Odoo document check (${String(error).split('\n')[0]})`);
}
