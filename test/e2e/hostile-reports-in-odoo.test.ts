// DESIGN §9 as the attack, end to end in Odoo: the scripted model (test/fixtures/scenarios/
// hostile-reports.json, built from the hostile-HTML corpus) sends every payload through the real
// render_report tool; Odoo stores what the bridge sanitized and wrapped. Each stored report is then
// opened in the panel's side viewer and on Odoo's own open-in-tab route: no script runs (sentinels
// and dialogs), no request leaves the frame, the panel outside the viewer is unchanged, nothing
// navigates. Prints `odoo panel: payloads N, scripts 0, outbound requests 0`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { odooClient, type OdooClient } from '../../scripts/lib/odoo-rpc.js';
import { ARTIFACTS, launchBrowser, logIn, newUserPage, type UserPage } from './support/browser.js';
import { e2eEnv, USERS } from './support/env.js';
import { T, askAndWait, openFromSystray, turnMessages } from './support/panel.js';

const env = e2eEnv();
const QUESTION = 'Show me the hostile report gallery';
const SETTLE_MS = 300;
const corpus = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/hostile-html/payloads.json'), 'utf8')) as {
  payloads: Array<{ id: string; attacks: string; html: string }>;
};
const SIDE = '[data-testid="parley-side-viewer"]';
const FRAME = `${SIDE} [data-testid="parley-artifact-frame"]`;
const CLOSE = `${SIDE} [data-testid="parley-artifact-close"]`;

interface Finding {
  payload: string;
  where: 'panel' | 'tab';
  scripts: string[];
  outbound: string[];
  parentDomChanged: boolean;
  navigated: string | null;
}

let browser: Browser;
let user: UserPage;
let page: Page;
let admin: OdooClient;
let policyId = 0;
let turnId = '';
const artifacts = new Map<string, number>(); // payload id → artifact id
const findings: Finding[] = [];
/** Expected requests the watcher saw (panel RPCs, tab routes): proof that it was listening. */
const seen = { rpc: 0, tabRoute: 0 };

/** Odoo paths a payload names (src, href, url(), srcset…): a request to one of them left the frame. */
function namedPaths(html: string): string[] {
  return [...html.matchAll(/(?:^|["'(\s,])(\/[A-Za-z][^"')\s,]*)/g)].map((m) => m[1]!.split(/[?#]/)[0]!);
}

/**
 * Counts the requests of one run. Expected: the panel's own JSON-RPC calls (POST from the top
 * document to Odoo) and the tab route itself. Outbound: anything from the artifact's frame, any other
 * host, any GET of the top page besides the tab route, any Odoo path the payload names.
 */
function watchRequests(target: Page, expectedGet: string | null, named: string[]): { outbound: string[]; stop: () => void } {
  const outbound: string[] = [];
  const onRequest = (request: Request): void => {
    const url = new URL(request.url());
    const label = `${request.method()} ${request.url()}`;
    let fromTop = true;
    try {
      fromTop = request.frame() === target.mainFrame();
    } catch {
      fromTop = true; // a worker's: a frame without allow-scripts cannot start one, so it is Odoo's own
    }
    if (url.origin !== env.odooUrl) outbound.push(`off-Odoo ${label}`);
    else if (named.some((path) => url.pathname === path)) outbound.push(`named by the payload ${label}`);
    else if (!fromTop) outbound.push(`from the frame ${label}`);
    else if (request.method() === 'GET' && request.url() !== expectedGet) outbound.push(`unexpected ${label}`);
    else if (request.method() === 'GET') seen.tabRoute += 1;
    else seen.rpc += 1;
  };
  target.on('request', onRequest);
  return { outbound, stop: () => target.off('request', onRequest) };
}

/** The panel's DOM outside the side viewer (the viewer is where the report is meant to appear). */
function panelHash(target: Page): Promise<string> {
  return target
    .evaluate(({ panel, side }) => {
      const clone = document.querySelector(panel)?.cloneNode(true) as HTMLElement | undefined;
      clone?.querySelector(side)?.remove();
      return `${document.title}|${location.href}|${clone ? new XMLSerializer().serializeToString(clone) : 'no panel'}`;
    }, { panel: T.panel, side: SIDE })
    .then((text) => createHash('sha256').update(text).digest('hex'));
}

/** A real click at the centre of every link, button and input of the report that lies inside `bounds`. */
async function clickEverything(target: Page, frame: Frame, bounds: { x: number; y: number; width: number; height: number } | null): Promise<void> {
  const elements = await frame.$$('a, button, input, summary, [href], [tabindex]').catch(() => []);
  for (const element of elements) {
    const box = await element.boundingBox().catch(() => null);
    if (!box || box.width <= 0 || box.height <= 0) continue;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    if (bounds && (x < bounds.x || y < bounds.y || x > bounds.x + bounds.width || y > bounds.y + bounds.height)) continue;
    await target.mouse.click(x, y);
  }
}

async function inPanel(payload: string, artifactId: number, named: string[]): Promise<Finding> {
  const start = page.url();
  await page.evaluate(() => delete (window as { __pwned?: unknown }).__pwned);
  const before = await panelHash(page);
  let dialogs = 0;
  const onDialog = (dialog: { dismiss: () => Promise<void> }): void => {
    dialogs += 1;
    void dialog.dismiss();
  };
  page.on('dialog', onDialog);
  const watch = watchRequests(page, null, named);
  try {
    await turnMessages(page, turnId).locator(`[data-testid="parley-artifact-part"][data-artifact-id="${artifactId}"] [data-testid="parley-artifact-show"]`).click();
    await page.waitForFunction(({ selector, text }) => {
      const el = document.querySelector<HTMLIFrameElement>(selector);
      return el?.contentDocument?.readyState === 'complete' && (el.contentDocument.body?.textContent ?? '').includes(text);
    }, { selector: FRAME, text: `payload ${payload} ` });
    await page.waitForTimeout(SETTLE_MS);
    const frameHandle = await page.locator(FRAME).elementHandle();
    const frame = await frameHandle?.contentFrame();
    if (frame) await clickEverything(page, frame, await page.locator(FRAME).boundingBox());
    await page.waitForTimeout(SETTLE_MS);
    const scripts: string[] = [];
    if (await page.evaluate(() => '__pwned' in window)) scripts.push('parent window.__pwned set');
    const inFrame = await page.locator(FRAME).evaluate((el) => {
      try {
        const win = (el as HTMLIFrameElement).contentWindow as (Window & { __pwned?: unknown }) | null;
        return { pwned: win ? '__pwned' in win : false, url: win?.location.href ?? '' };
      } catch {
        return { pwned: false, url: 'cross-origin' };
      }
    });
    if (inFrame.pwned) scripts.push('frame window.__pwned set');
    if (dialogs) scripts.push(`${dialogs} dialog(s)`);
    const after = await panelHash(page);
    const navigated = page.url() !== start ? page.url() : !inFrame.url.startsWith('about:srcdoc') ? `frame → ${inFrame.url}` : null;
    await page.locator(CLOSE).click();
    await page.locator(SIDE).waitFor({ state: 'detached' });
    return { payload, where: 'panel', scripts, outbound: watch.outbound, parentDomChanged: before !== after, navigated };
  } finally {
    watch.stop();
    page.off('dialog', onDialog);
  }
}

async function inTab(payload: string, artifactId: number, named: string[]): Promise<Finding> {
  const url = `${env.odooUrl}/parley/artifact/${artifactId}/view`;
  const tab = await user.context.newPage();
  let dialogs = 0;
  tab.on('dialog', (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  const watch = watchRequests(tab, url, named);
  try {
    const response = await tab.goto(url);
    expect(response?.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    await tab.waitForTimeout(SETTLE_MS);
    await clickEverything(tab, tab.mainFrame(), null);
    await tab.waitForTimeout(SETTLE_MS);
    const scripts: string[] = [];
    if (await tab.evaluate(() => '__pwned' in window).catch(() => false)) scripts.push('tab window.__pwned set');
    if (dialogs) scripts.push(`${dialogs} dialog(s)`);
    const here = tab.url().split('#')[0];
    return { payload, where: 'tab', scripts, outbound: watch.outbound, parentDomChanged: false, navigated: here !== url ? tab.url() : null };
  } finally {
    watch.stop();
    await tab.close();
  }
}

describe('hostile reports through the real render_report tool, in Odoo\'s panel and tab route', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    user = await newUserPage(browser, 'hostile-reports-in-odoo');
    page = user.page;
    admin = await odooClient(env.odooUrl, env.db, USERS.admin.login, USERS.admin.password);
    // The shipped default allows 10 render_report calls a minute; this run makes one per payload.
    // A policy of this database only, archived afterwards; the shipped default is left as it is.
    const doc = JSON.parse(readFileSync(join(process.cwd(), 'odoo_addon/parley/data/parley_default_policy.json'), 'utf8')) as {
      tools: Record<string, { limits?: Array<Record<string, unknown>> }>;
    };
    doc.tools.render_report!.limits = [{ window: 'minute', max: 200, scope: 'user' }];
    policyId = await admin.call<number>('parley.policy', 'create', [{ name: 'hostile-reports e2e', document: JSON.stringify(doc) }]);
    await logIn(page, env.odooUrl, 'admin');
    await openFromSystray(page);
    await page.click(T.newSession);
    await page.waitForFunction((selector) => !document.querySelector(selector), T.message);
  }, 180_000);

  afterAll(async () => {
    if (policyId) await admin.call('parley.policy', 'write', [[policyId], { active: false }]).catch(() => undefined);
    await browser?.close();
    const scripts = findings.filter((f) => f.scripts.length).length;
    const outbound = findings.reduce((n, f) => n + f.outbound.length, 0);
    for (const f of findings.filter((x) => x.scripts.length || x.outbound.length || x.parentDomChanged || x.navigated)) {
      console.log(`ESCAPE ${f.where} ${f.payload}: ${JSON.stringify(f)}`);
    }
    console.log(`expected requests seen: ${seen.rpc} panel RPCs, ${seen.tabRoute} tab routes`);
    console.log(`odoo panel: payloads ${new Set(findings.map((f) => f.payload)).size}, scripts ${scripts}, outbound requests ${outbound}`);
  });

  it('stores one sanitized report per payload, made by the model through render_report', async () => {
    turnId = await askAndWait(page, QUESTION, 300_000);
    const rows = await admin.call<Array<{ id: number; title: string; html: string }>>(
      'parley.artifact', 'search_read', [[['turn_id', '=', Number(turnId)], ['kind', '=', 'report']]], { fields: ['id', 'title', 'html'] });
    for (const row of rows) artifacts.set(row.title.replace(/^hostile /, ''), row.id);
    expect([...artifacts.keys()].sort()).toEqual(corpus.payloads.map((p) => p.id).sort());
    for (const row of rows) expect(row.html).toMatch(/^<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Security-Policy"/);
    await turnMessages(page, turnId).locator('[data-testid="parley-artifact-part"]').first().waitFor({ state: 'visible' });
  }, 320_000);

  for (const payload of corpus.payloads) {
    it(`${payload.id} (${payload.attacks}): nothing runs, nothing leaves, nothing moves — in the panel and the tab`, async () => {
      const id = artifacts.get(payload.id);
      expect(id, 'stored artifact').toBeDefined();
      const named = namedPaths(payload.html);
      const results = [await inPanel(payload.id, id!, named), await inTab(payload.id, id!, named)];
      findings.push(...results);
      for (const r of results) {
        expect({ where: r.where, scripts: r.scripts, outbound: r.outbound }).toEqual({ where: r.where, scripts: [], outbound: [] });
        expect({ where: r.where, parentDomChanged: r.parentDomChanged, navigated: r.navigated }).toEqual({ where: r.where, parentDomChanged: false, navigated: null });
      }
    });
  }

  it('left the panel whole and sent nothing off the machine', async () => {
    await turnMessages(page, turnId).locator(`[data-artifact-id="${artifacts.get('inline-script')}"] [data-testid="parley-artifact-show"]`).click();
    await page.locator(FRAME).waitFor({ state: 'visible' });
    await page.screenshot({ path: join(ARTIFACTS, 'hostile-reports-in-odoo.png') });
    expect(seen.tabRoute).toBe(corpus.payloads.length); // the watcher saw every tab it opened
    expect(user.outbound).toEqual([]);
    expect(user.pageErrors).toEqual([]);
  });
});
