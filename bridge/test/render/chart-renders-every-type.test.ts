import { describe, expect, it } from 'vitest';
import { CHART_TYPES } from '../../src/render/chart-spec.js';
import { chartDocument, renderChart } from '../../src/render/chart.js';
import { REPORT_DOCUMENT_PREFIX } from '../../src/render/report.js';
import { SVG_TAGS } from '../../src/render/svg-sanitize.js';
import { checkWellFormedXml } from './support/xml.js';
import { SOURCE, specFor } from './support/specs.js';

describe('render_chart draws every chart type as static, well-formed SVG', () => {
  for (const type of CHART_TYPES) {
    it(`${type}: valid SVG, no script, no handlers, provenance in <desc> and caption`, () => {
      const chart = renderChart(specFor(type));
      const elements = checkWellFormedXml(chart.svg);
      expect(elements[0]).toBe('svg');
      expect(elements.every((name) => (SVG_TAGS as readonly string[]).includes(name))).toBe(true);
      expect(chart.svg).not.toMatch(/<script|<style|<foreignObject|<image|<use|<a[\s>]/i);
      expect(chart.svg).not.toMatch(/\son[a-z]+\s*=/i);
      expect(chart.svg).not.toMatch(/href|javascript:|url\((?!#)/i);
      const provenance = `Source: ${SOURCE.tool} (tool call ${SOURCE.call_id})`;
      expect(chart.svg).toContain(`<desc>`);
      expect(chart.svg.match(/<desc>([^<]*)<\/desc>/)?.[1]).toContain(provenance);
      // visible: a <text> element outside <desc>
      expect(chart.svg).toMatch(new RegExp(`<text[^>]*>${provenance.replace(/[()]/g, '\\$&')}</text>`));
      expect(chart.width).toBe(760);
      expect(chart.height).toBe(420);
      expect(chart.title).toBe(specFor(type).title);
      expect(chart.svg).toMatch(/^<svg role="img" width="760" height="420"/);
    });
  }

  it('draws one shape per data point for a bar chart (the data is really in the picture)', () => {
    const chart = renderChart({ ...specFor('bar'), series: [{ name: 'Europe', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }] });
    const bars = chart.svg.match(/<path d="M[^"]*Z" fill="#2f6fdf"/g) ?? [];
    expect(bars.length).toBeGreaterThanOrEqual(12);
  });

  it('honours width and height within the limits', () => {
    const chart = renderChart({ ...specFor('line'), width: 1200, height: 600 });
    expect(chart.svg).toMatch(/viewBox="0 0 1200 600"/);
    expect([chart.width, chart.height]).toEqual([1200, 600]);
  });

  it('wraps a chart as a CSP-first artifact document for download and open-in-tab', () => {
    const chart = renderChart(specFor('area'));
    const doc = chartDocument(chart);
    expect(doc.startsWith(REPORT_DOCUMENT_PREFIX)).toBe(true);
    expect(doc).toContain('<svg');
    expect(doc).toContain('Source: aggregate_records (tool call toolu_01Sales2025)</text>');
    expect(doc).not.toMatch(/<script/i);
  });
});
