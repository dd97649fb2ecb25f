// render_chart's core: a validated spec → a static SVG string. ECharts draws it server-side (its
// SSR SVG renderer emits no script); the result then goes through an SVG allowlist anyway, and gets
// a <title>, a <desc> and a visible caption saying which tool call produced the numbers.
import { init, use } from 'echarts/core';
import { BarChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_LIMITS, chartSpecSchema, type ChartSpec } from './chart-spec.js';
import { sanitizeSvg, xmlEscape } from './svg-sanitize.js';
import { buildChartOption } from './chart-option.js';
import { sanitizeReportHtml, wrapReport } from './report.js';

use([BarChart, LineChart, PieChart, ScatterChart, GraphicComponent, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export interface RenderedChart {
  svg: string;
  title: string;
  width: number;
  height: number;
}

export class ChartSpecError extends Error {
  override readonly name = 'ChartSpecError';
}

/** Validates `input` and renders it; a bad spec throws ChartSpecError with a message the model can act on. */
export function renderChart(input: unknown): RenderedChart {
  const parsed = chartSpecSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`);
    throw new ChartSpecError(`invalid chart spec — ${first.join('; ')}`);
  }
  return renderValidChart(parsed.data);
}

export function provenanceText(spec: ChartSpec): string {
  return `Source: ${spec.source.tool} (tool call ${spec.source.call_id})`;
}

export function renderValidChart(spec: ChartSpec): RenderedChart {
  const width = spec.width ?? CHART_LIMITS.width.fallback;
  const height = spec.height ?? CHART_LIMITS.height.fallback;
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  let raw: string;
  try {
    chart.setOption(buildChartOption(spec, { width, height, caption: provenanceText(spec) }));
    raw = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const svg = sanitizeSvg(withDescription(raw, spec));
  return { svg, title: spec.title, width, height };
}

/** Puts an accessible name and the provenance into the SVG itself, right after the root's start tag. */
function withDescription(svg: string, spec: ChartSpec): string {
  const rootEnd = svg.indexOf('>', svg.indexOf('<svg'));
  if (rootEnd < 0) throw new Error('chart renderer returned no <svg> root');
  const desc = [spec.subtitle, provenanceText(spec)].filter(Boolean).join(' — ');
  const head = `<title>${xmlEscape(spec.title)}</title><desc>${xmlEscape(desc)}</desc>`;
  const root = svg.slice(0, rootEnd).replace('<svg', '<svg role="img"');
  return `${root}>${head}${svg.slice(rootEnd + 1)}`;
}

/** The chart as a standalone artifact document (download, open in tab); its caption is in the SVG. */
export function chartDocument(chart: RenderedChart): string {
  const figure = `<figure class="parley-chart">${chart.svg}</figure>`;
  return wrapReport({ title: chart.title, bodyHtml: sanitizeReportHtml(figure) });
}
