// The panel sizes the artifact frame from the frame's own document height, clamped to limits, and
// re-measures when the frame's width changes (text reflows). Real Chromium, real frame_height.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderReport } from '../../../bridge/src/render/report.js';
import { DEFAULT_FRAME_LIMITS } from '../../../web/src/components/artifact_viewer/frame_height.js';
import { launchChromium } from './support/browser.js';
import { startOdooDouble, type OdooDouble } from './support/servers.js';

let browser: Browser;
let odoo: OdooDouble;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  odoo = await startOdooDouble(18520);
  page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(`${odoo.origin}/panel`);
});

afterAll(async () => {
  await browser?.close();
  await odoo?.close();
});

async function mount(html: string): Promise<void> {
  await page.evaluate((doc) => window.mountArtifact(doc), renderReport({ title: 'size', html }));
}

const frameHeight = () => page.evaluate(() => document.querySelector('iframe')?.clientHeight ?? -1); // inside the border
const contentHeight = () =>
  page.evaluate(() => document.querySelector('iframe')?.contentDocument?.documentElement.getBoundingClientRect().height ?? -1);

describe('the artifact frame takes the height of its document', () => {
  it('fits a 900px report exactly (no inner scrollbar, no gap)', async () => {
    await mount('<div style="height:900px">tall</div>');
    const content = await contentHeight();
    expect(content).toBeGreaterThan(900);
    expect(await frameHeight()).toBe(Math.ceil(content));
  });

  it('never goes below the minimum for a one-line report', async () => {
    await mount('<p>one line</p>');
    expect(await frameHeight()).toBe(DEFAULT_FRAME_LIMITS.min);
  });

  it('never goes above the maximum for a huge report (the frame scrolls instead)', async () => {
    await mount('<div style="height:12000px">huge</div>');
    expect(await frameHeight()).toBe(DEFAULT_FRAME_LIMITS.max);
  });

  it('grows when a narrower panel makes the text reflow, and shrinks back when it widens', async () => {
    await mount(`<p>${'A sentence that wraps when the panel gets narrow. '.repeat(40)}</p>`);
    const wide = await frameHeight();
    await page.evaluate(() => document.getElementById('viewer')?.setAttribute('style', 'width:320px'));
    await expect.poll(frameHeight, { timeout: 3000 }).toBeGreaterThan(wide * 2);
    const narrow = await frameHeight();
    expect(narrow).toBe(Math.ceil(await contentHeight()));
    await page.evaluate(() => document.getElementById('viewer')?.removeAttribute('style'));
    await expect.poll(frameHeight, { timeout: 3000 }).toBe(wide);
  });
});
