// Pictures for people: every chart type on one page, and a realistic report in the panel's frame,
// saved under test-results/render/. Also checks that Chromium's own XML parser accepts each SVG.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHART_TYPES } from '../../../bridge/src/render/chart-spec.js';
import { renderChart } from '../../../bridge/src/render/chart.js';
import { renderReport } from '../../../bridge/src/render/report.js';
import { SOURCE, specFor } from '../../../bridge/test/render/support/specs.js';
import { launchChromium } from './support/browser.js';
import { startOdooDouble, type OdooDouble } from './support/servers.js';
import { overdueReportHtml } from './support/sample-report.js';

export const SHOTS = join(process.cwd(), 'test-results', 'render');
let browser: Browser;
let odoo: OdooDouble;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  odoo = await startOdooDouble(18530);
});

afterAll(async () => {
  await browser?.close();
  await odoo?.close();
});

describe('rendered artifacts, as a person sees them', () => {
  it('draws every chart type, each parsed by Chromium as well-formed SVG', async () => {
    const charts = CHART_TYPES.map((type) => ({ type, svg: renderChart(specFor(type)).svg }));
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 2 });
    const verdicts = await page.evaluate((list) => list.map(({ svg }) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      return doc.getElementsByTagName('parsererror').length === 0 && doc.documentElement.localName === 'svg';
    }), charts);
    expect(verdicts).toEqual(charts.map(() => true));
    // Shown the way the panel shows a chart in the conversation: an <img> of the SVG (no script can
    // run in an image, whatever it contains).
    const tiles = charts
      .map(({ type, svg }) => `<figure><img alt="${type}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"><figcaption>${type}</figcaption></figure>`)
      .join('');
    await page.setContent(
      `<!DOCTYPE html><html><body style="margin:0;padding:16px;background:#f3f4f6;font:12px system-ui">
       <div style="display:grid;grid-template-columns:repeat(2,760px);gap:16px">${tiles}</div>
       <style>figure{margin:0;background:#fff;border:1px solid #e5e7eb;border-radius:8px;overflow:hidden}
       img{display:block;width:760px;height:420px}figcaption{padding:4px 8px;color:#6b7280}</style></body></html>`,
    );
    await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
    await page.screenshot({ path: join(SHOTS, 'charts.png'), fullPage: true });
    await page.close();
  });

  it('shows a report in the panel frame, sized to its content', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${odoo.origin}/panel`);
    const html = overdueReportHtml(renderChart({ ...specFor('stacked_bar'), width: 860, height: 360 }).svg);
    const report = { id: 7, kind: 'report', title: 'Overdue invoices', html: renderReport({ title: 'Overdue invoices', html }), svg: null, source: null } as const;
    await page.evaluate((artifact) => window.mountViewer({ ...artifact }), report);
    const [frame, content] = await page.evaluate(() => {
      const f = document.querySelector('iframe');
      return [f?.clientHeight ?? 0, Math.ceil(f?.contentDocument?.documentElement.getBoundingClientRect().height ?? -1)];
    });
    expect(frame).toBe(content);
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    await page.close();
  });

  it('shows a chart in the panel viewer as an image of its SVG, with its provenance', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 2 });
    await page.goto(`${odoo.origin}/panel`);
    const chart = renderChart(specFor('bar'));
    const artifact = { id: 8, kind: 'chart', title: chart.title, html: '', svg: chart.svg, source: { ...SOURCE } } as const;
    await page.evaluate((a) => window.mountViewer({ ...a }), artifact);
    await page.waitForFunction(() => (document.querySelector('#viewer img') as HTMLImageElement | null)?.naturalWidth);
    expect(await page.locator('#viewer iframe').count()).toBe(0);
    expect(await page.locator('#viewer figcaption').textContent()).toBe(`Source: ${SOURCE.tool} (tool call ${SOURCE.call_id})`);
    await page.screenshot({ path: join(SHOTS, 'chart-in-viewer.png'), fullPage: true });
    await page.close();
  });
});
