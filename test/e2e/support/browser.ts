// Chromium through playwright-core, as a person would use Odoo: one browser per test file, one
// context per user, screenshots of each step under test-results/e2e/. Every request that would leave
// the machine is refused and counted, so a test can also assert that nothing tried to.
import { mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../security/sandbox/support/browser.js';
import { USERS, type UserKey } from './env.js';

export const ARTIFACTS = join(process.cwd(), 'test-results', 'e2e');

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return launchChromium();
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to fetch outside loopback (each was refused). */
  outbound: string[];
  /** Uncaught page errors (JavaScript exceptions in the web client). */
  pageErrors: string[];
}

function isLoopback(url: string): boolean {
  try {
    const { hostname, protocol } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/** A fresh context (no cookies) with the network guard and a console log for the file. */
export async function newUserPage(browser: Browser, logName: string): Promise<UserPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const outbound: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    outbound.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const log = join(ARTIFACTS, `${logName}.console.log`);
  page.on('console', (message) => appendFileSync(log, `[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => {
    pageErrors.push(error.message);
    appendFileSync(log, `[pageerror] ${error.stack ?? error.message}\n`);
  });
  return { context, page, outbound, pageErrors };
}

/** Logs in through Odoo's login form and waits for the web client to be ready. */
export async function logIn(page: Page, odooUrl: string, user: UserKey): Promise<void> {
  const { login, password } = USERS[user];
  await page.goto(`${odooUrl}/web/login`);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(/\/(web|odoo)(\/|\?|#|$)/), page.click('button[type="submit"]')]);
  // The systray is rendered once the web client has started.
  await page.locator('.o_main_navbar .o_menu_systray').waitFor({ state: 'visible' });
}

/** Saves a screenshot of the viewport as test-results/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
