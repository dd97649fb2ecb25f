// "Print" must print: Chromium ignores print() in a frame sandboxed without allow-modals (even
// called by its same-origin parent), so the viewer prints through a separate frame that adds
// allow-modals and nothing else. Checked in real Chromium; the hostile suite runs every payload
// in that print frame too (embedding "print").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderReport } from '../../../bridge/src/render/report.js';
import { launchChromium } from './support/browser.js';
import { startOdooDouble, type OdooDouble } from './support/servers.js';

let browser: Browser;
let odoo: OdooDouble;
let page: Page;
const consoleErrors: string[] = [];
const doc = renderReport({ title: 'Print me', html: '<h1>Print me</h1><p>one page</p>' });

beforeAll(async () => {
  browser = await launchChromium();
  odoo = await startOdooDouble(18525);
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(`${odoo.origin}/panel`);
});

afterAll(async () => {
  await browser?.close();
  await odoo?.close();
});

describe('printing an artifact', () => {
  it('is ignored by Chromium in the view frame (why a print frame exists at all)', async () => {
    await page.evaluate((html) => window.mountArtifact(html), doc);
    await page.evaluate(() => document.querySelector('iframe')?.contentWindow?.print());
    await expect.poll(() => consoleErrors.some((e) => e.includes("Ignored call to 'print()'"))).toBe(true);
  });

  it('reaches print() in the print frame, which is removed afterwards', async () => {
    consoleErrors.length = 0;
    await page.evaluate((html) => window.printArtifact(html), doc);
    expect(consoleErrors.filter((e) => e.includes('print()'))).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('iframe[sandbox~="allow-modals"]').length)).toBe(0);
  });
});
