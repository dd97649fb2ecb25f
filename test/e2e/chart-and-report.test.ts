// Issue 5's story in the real panel: the admin asks "chart our monthly sales for 2025 by team" and
// "write me a one-page summary of overdue invoices" (scripted: test/fixtures/scenarios/
// chart-and-report.json and overdue-report.json, whose report carries a few hostile bits). The chart
// is an <img> of its SVG in the conversation, with its provenance; the report opens in a sandboxed
// frame beside the chat, sized to its content, with Open in tab / Download / Print; nothing runs,
// nothing leaves the machine, and both are back after a reload. Screenshots: test-results/artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, newUserPage, type UserPage } from './support/browser.js';
import { e2eEnv } from './support/env.js';
import { T, askAndWait, openFromSystray, turnMessages } from './support/panel.js';

const env = e2eEnv();
const SHOTS = join(process.cwd(), 'test-results', 'artifacts');
const CHART_QUESTION = 'Chart our monthly sales for 2025 by team';
const REPORT_QUESTION = 'Write me a one-page summary of overdue invoices';

const A = {
  part: '[data-testid="parley-artifact-part"]',
  chartImage: '[data-testid="parley-chart-image"]',
  show: '[data-testid="parley-artifact-show"]',
  side: '[data-testid="parley-side-viewer"]',
  frame: '[data-testid="parley-artifact-frame"]',
  open: '[data-testid="parley-artifact-open"]',
  download: '[data-testid="parley-artifact-download"]',
  print: '[data-testid="parley-artifact-print"]',
  close: '[data-testid="parley-artifact-close"]',
} as const;

/** The conversation's list of charts and reports (header button, overlay). */
const L = {
  toggle: '[data-testid="parley-artifacts-toggle"]',
  count: '[data-testid="parley-artifacts-count"]',
  list: '[data-testid="parley-artifact-list"]',
  item: '[data-testid="parley-artifact-list-item"]',
  open: '[data-testid="parley-artifact-list-open"]',
} as const;

let browser: Browser;
let user: UserPage;
let page: Page;
const turns: { chart?: string; report?: string } = {};

async function shot(target: Page | Locator, name: string): Promise<void> {
  await target.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** The side viewer's frame height and the height of the document inside it. */
async function frameFit(): Promise<{ frame: number; content: number }> {
  return page.locator(`${A.side} ${A.frame}`).evaluate((el) => {
    const frame = el as HTMLIFrameElement;
    const root = frame.contentDocument?.documentElement;
    return { frame: frame.clientHeight, content: Math.ceil(root?.getBoundingClientRect().height ?? -1) };
  });
}

async function waitChartDrawn(scope: Locator): Promise<void> {
  const image = scope.locator(A.chartImage);
  await image.waitFor({ state: 'visible' });
  await image.evaluate((el) => {
    const img = el as HTMLImageElement;
    return img.complete && img.naturalWidth > 0 ? undefined : new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
  });
}

describe('charts and reports in the panel', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
    user = await newUserPage(browser, 'chart-and-report');
    page = user.page;
    await logIn(page, env.odooUrl, 'admin');
    await openFromSystray(page);
    await page.click(T.newSession);
    await page.waitForFunction((selector) => !document.querySelector(selector), T.message);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws the chart in the conversation as an image of its SVG, with the tool call that gave the numbers', async () => {
    turns.chart = await askAndWait(page, CHART_QUESTION);
    const answer = turnMessages(page, turns.chart);
    const part = answer.locator(`${A.part}[data-kind="chart"]`);
    await waitChartDrawn(part);
    const src = (await part.locator(A.chartImage).getAttribute('src')) ?? '';
    expect(src.startsWith('data:image/svg+xml')).toBe(true);
    const svg = decodeURIComponent(src.slice(src.indexOf(',') + 1));
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;'); // the subtitle's markup is text in the SVG
    await expect(part.locator('figcaption').textContent()).resolves.toContain('aggregate_records');
    await expect(answer.locator(`${T.toolChip}[data-tool="render_chart"]`).getAttribute('data-state')).resolves.toBe('done');
    // One SCSS error (a Sass function fed CSS units) leaves the whole backend unstyled.
    await expect(page.getByText('The style compilation failed').count()).resolves.toBe(0);
    await shot(page, 'chart-in-conversation');
    await shot(part, 'chart-close-up');
  });

  it('opens the report beside the chat in a sandboxed frame sized to its content', async () => {
    turns.report = await askAndWait(page, REPORT_QUESTION);
    const side = page.locator(A.side);
    await side.locator(A.frame).waitFor({ state: 'visible' });
    const frame = side.locator(A.frame);
    await expect(frame.getAttribute('sandbox')).resolves.toBe('allow-same-origin');
    await page.waitForFunction((selector) => {
      const el = document.querySelector<HTMLIFrameElement>(selector);
      return el?.contentDocument?.readyState === 'complete' && (el.contentDocument.body?.childElementCount ?? 0) > 0;
    }, `${A.side} ${A.frame}`);
    const fit = await frameFit();
    expect(Math.abs(fit.frame - fit.content)).toBeLessThanOrEqual(1);
    const inside = await frame.evaluate((el) => {
      const doc = (el as HTMLIFrameElement).contentDocument!;
      return {
        scripts: doc.querySelectorAll('script').length,
        // the sanitizer keeps an <img> whose remote src it removed: no src, nothing to load
        remote: [...doc.querySelectorAll('img[src]')].filter((img) => !img.getAttribute('src')!.startsWith('data:')).length,
        handlers: doc.querySelectorAll('[onerror],[onload],[onclick]').length,
        heading: doc.querySelector('h1')?.textContent ?? '',
      };
    });
    expect(inside).toEqual({ scripts: 0, remote: 0, handlers: 0, heading: 'Overdue invoices' });
    expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
    await expect(turnMessages(page, turns.report).locator(`${A.part}[data-kind="report"]`).count()).resolves.toBe(1);
    await shot(page, 'report-beside-chat');
  });

  it('offers Open in tab (sandbox CSP), Download (an attachment) and Print', async () => {
    const side = page.locator(A.side);
    const openHref = (await side.locator(A.open).getAttribute('href')) ?? '';
    const downloadHref = (await side.locator(A.download).getAttribute('href')) ?? '';
    expect(openHref).toMatch(/^\/parley\/artifact\/\d+\/view$/);
    expect(downloadHref).toMatch(/^\/parley\/artifact\/\d+\/download$/);
    const view = await user.context.request.get(`${env.odooUrl}${openHref}`);
    expect(view.status()).toBe(200);
    expect(view.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(view.headers()['x-content-type-options']).toBe('nosniff');
    const download = await user.context.request.get(`${env.odooUrl}${downloadHref}`);
    expect(download.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.html"$/);
    expect(await download.text()).toMatch(/^<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Security-Policy"/);
    // Print: the viewer prints through a hidden frame that adds allow-modals (never allow-scripts);
    // Chromium says "Ignored call to 'print()'" when a frame may not print.
    const consoleLines: string[] = [];
    const onConsole = (message: { text: () => string }): void => void consoleLines.push(message.text());
    page.on('console', onConsole);
    // The print frame lives for a moment only: a MutationObserver records it coming and going.
    await page.evaluate(() => {
      const seen: Array<{ sandbox: string | null; removed: boolean }> = [];
      (window as unknown as { __printFrames: typeof seen }).__printFrames = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof HTMLIFrameElement && node.parentElement === document.body) seen.push({ sandbox: node.getAttribute('sandbox'), removed: false });
          }
          for (const node of record.removedNodes) {
            if (node instanceof HTMLIFrameElement && seen.length) seen[seen.length - 1]!.removed = true;
          }
        }
      }).observe(document.body, { childList: true });
    });
    await side.locator(A.print).click();
    await page.waitForFunction(() => (window as unknown as { __printFrames: Array<{ removed: boolean }> }).__printFrames.some((f) => f.removed));
    page.off('console', onConsole);
    const frames = await page.evaluate(() => (window as unknown as { __printFrames: unknown }).__printFrames);
    expect(frames).toEqual([{ sandbox: 'allow-same-origin allow-modals', removed: true }]);
    expect(consoleLines.filter((line) => line.includes('print()'))).toEqual([]);
  });

  it('shows both again after a reload: the chart in place, the report one click away', async () => {
    await page.reload();
    await page.locator('.o_main_navbar .o_menu_systray').waitFor({ state: 'visible' });
    const artifacts = page.waitForResponse((response) => response.url().endsWith('/parley/artifacts/list'));
    await openFromSystray(page);
    await artifacts;
    const chart = turnMessages(page, turns.chart!).locator(`${A.part}[data-kind="chart"]`);
    await waitChartDrawn(chart);
    await chart.locator(A.show).click();
    await waitChartDrawn(page.locator(A.side));
    await shot(page, 'chart-enlarged');
    const show = turnMessages(page, turns.report!).locator(`${A.part}[data-kind="report"] ${A.show}`);
    await show.click();
    await page.locator(`${A.side} ${A.frame}`).waitFor({ state: 'visible' });
    await page.waitForFunction((selector) => {
      const el = document.querySelector<HTMLIFrameElement>(selector);
      return (el?.contentDocument?.body?.childElementCount ?? 0) > 0 && el!.clientHeight > 160;
    }, `${A.side} ${A.frame}`);
    const fit = await frameFit();
    expect(Math.abs(fit.frame - fit.content)).toBeLessThanOrEqual(1);
    await shot(page, 'after-reload');
    await page.locator(`${A.side} ${A.close}`).click();
    await page.locator(A.side).waitFor({ state: 'detached' });
    expect(user.outbound).toEqual([]);
    expect(user.pageErrors).toEqual([]);
  });

  it('lists the conversation\'s chart and report, each opening beside the chat from the list', async () => {
    await expect(page.locator(L.count).textContent()).resolves.toBe('2');
    await page.locator(L.toggle).click();
    const items = page.locator(L.item);
    await items.nth(1).waitFor({ state: 'visible' }); // OWL renders the overlay on its next frame
    await expect(items.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.kind))).resolves.toEqual(['chart', 'report']);
    await shot(page, 'artifact-list');
    await items.nth(1).locator(L.open).click();
    await page.locator(L.list).waitFor({ state: 'detached' });
    await page.locator(`${A.side} ${A.frame}`).waitFor({ state: 'visible' });
    await page.locator(`${A.side} ${A.close}`).click();
    await page.locator(L.toggle).click();
    await page.locator(L.item).first().locator(L.open).click(); // click() waits for the element
    await waitChartDrawn(page.locator(A.side));
    await page.locator(`${A.side} ${A.close}`).click();
    // A new conversation has none.
    await page.click(T.newSession);
    await page.locator(L.count).waitFor({ state: 'detached' });
    await page.locator(L.toggle).click();
    await page.locator('[data-testid="parley-artifact-list-empty"]').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.locator(L.list).waitFor({ state: 'detached' });
    expect(user.pageErrors).toEqual([]);
  });
});
