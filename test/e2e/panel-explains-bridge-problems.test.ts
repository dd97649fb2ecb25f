// When the bridge is down, or runs without model credentials, the panel says so in plain words and
// the user's message is kept — nothing fails silently. The test points the addon's bridge URL
// setting elsewhere (as an admin would) and puts it back afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_URL_PARAM } from '../../scripts/lib/odoo-configure.js';
import { odooClient, type OdooClient } from '../../scripts/lib/odoo-rpc.js';
import { launchBrowser, logIn, newUserPage, screenshot, type UserPage } from './support/browser.js';
import { USERS, e2eEnv } from './support/env.js';
import { T, ask, openFromSystray, turnOf } from './support/panel.js';

const env = e2eEnv();
let browser: Browser;
let user: UserPage;
let page: Page;
let admin: OdooClient;
let keyless: ChildProcess | null = null;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function pointOdooAt(url: string): Promise<void> {
  await admin.call('ir.config_parameter', 'set_param', [BRIDGE_URL_PARAM, url]);
}

/** The real bridge, started without any model key. */
async function startKeylessBridge(): Promise<string> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PARLEY_ODOO_URL: env.odooUrl, PARLEY_BRIDGE_PORT: String(port), PARLEY_LOG_LEVEL: 'warn' };
  delete childEnv.ANTHROPIC_API_KEY;
  delete childEnv.PARLEY_API_KEY_FILE;
  keyless = spawn(process.execPath, ['bridge/dist/main.js'], { env: childEnv, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const health = (await (await fetch(`${url}/healthz`)).json()) as { model_configured: boolean };
      expect(health.model_configured).toBe(false);
      return url;
    } catch (error) {
      if (error instanceof Error && error.name === 'AssertionError') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('the keyless bridge did not start');
}

/** Opens a fresh conversation (the panel asks Odoo for the bridge's status when it opens). */
async function reopenPanel(): Promise<void> {
  await page.reload();
  await page.locator(T.systray).waitFor({ state: 'visible' });
  await openFromSystray(page);
  await page.click(T.newSession);
  await page.waitForFunction((selector) => !document.querySelector(selector), T.message);
}

describe('the panel explains bridge problems instead of failing', () => {
  beforeAll(async () => {
    admin = await odooClient(env.odooUrl, env.db, USERS.admin.login, USERS.admin.password);
    browser = await launchBrowser();
    user = await newUserPage(browser, 'bridge-problems');
    page = user.page;
    await logIn(page, env.odooUrl, 'demo');
  });

  afterAll(async () => {
    await pointOdooAt(env.bridgeUrl);
    keyless?.kill('SIGTERM');
    await browser?.close();
  });

  it('says the bridge is not running, and keeps the message the user sent', async () => {
    await pointOdooAt(`http://127.0.0.1:${await freePort()}`);
    await reopenPanel();
    const banner = page.locator(T.errorBanner);
    await banner.waitFor({ state: 'visible' });
    await expect(banner.getAttribute('data-kind')).resolves.toBe('bridge_down');
    await expect(banner.textContent()).resolves.toContain('The Parley bridge is not running.');

    const text = 'Is anyone there while the bridge is down?';
    await ask(page, text);
    const turnId = await turnOf(page, text);
    expect(Number(turnId)).toBeGreaterThan(0);
    await screenshot(page, 'bridge-down');
    await page.reload();
    await page.locator(T.systray).waitFor({ state: 'visible' });
    await openFromSystray(page);
    await page.locator(T.user, { hasText: text }).waitFor({ state: 'visible' });
  });

  it('says no AI model is configured when the bridge has no key', async () => {
    await pointOdooAt(await startKeylessBridge());
    await reopenPanel();
    const banner = page.locator(T.errorBanner);
    await banner.waitFor({ state: 'visible' });
    await expect(banner.getAttribute('data-kind')).resolves.toBe('no_model_key');
    await expect(banner.textContent()).resolves.toContain('No AI model is configured.');
    await screenshot(page, 'no-model-key');
    expect(user.outbound).toEqual([]);
  });
});
