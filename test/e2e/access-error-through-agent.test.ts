// A user without access to a model asks the agent for it: the tool chip shows exactly the access
// error Odoo gives that user directly, and no record of the model reaches the page or the model.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { odooClient, type OdooRpcError } from '../../scripts/lib/odoo-rpc.js';
import { launchBrowser, logIn, newUserPage, screenshot, type UserPage } from './support/browser.js';
import { USERS, e2eEnv } from './support/env.js';
import { requestsFor, toolResultsOf } from './support/model.js';
import { T, askAndWait, openFromSystray, turnMessages } from './support/panel.js';

const env = e2eEnv();
// The shared scenario "access-denied" has the model call search_records on this model.
const UNREADABLE_MODEL = 'ir.config_parameter';
let browser: Browser;
let user: UserPage;
let page: Page;

/** What Odoo itself answers the demo user who searches the model directly. */
async function odooAccessErrorForDemo(): Promise<string> {
  const demo = await odooClient(env.odooUrl, env.db, USERS.demo.login, USERS.demo.password);
  try {
    await demo.call(UNREADABLE_MODEL, 'search_read', [[]], { fields: ['key'] });
  } catch (error) {
    const odoo = (error as OdooRpcError).odoo;
    expect(odoo?.data?.name).toBe('odoo.exceptions.AccessError');
    return odoo?.data?.message ?? '';
  }
  throw new Error(`demo can read ${UNREADABLE_MODEL}: pick another model for this test`);
}

describe('a user without access to a model gets Odoo\'s access error through the agent', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    user = await newUserPage(browser, 'access-error');
    page = user.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows exactly Odoo\'s access error on the tool chip, and no data', async () => {
    const expected = await odooAccessErrorForDemo();
    expect(expected.length).toBeGreaterThan(0);
    const admin = await odooClient(env.odooUrl, env.db, USERS.admin.login, USERS.admin.password);
    const secrets = await admin.call<Array<{ key: string; value: string }>>(UNREADABLE_MODEL, 'search_read', [[]], { fields: ['key', 'value'] });

    const earlier = (await requestsFor(env.modelUrl, 'access-denied')).length;
    await logIn(page, env.odooUrl, 'demo');
    await openFromSystray(page);
    await page.click(T.newSession);
    await page.waitForFunction((selector) => !document.querySelector(selector), T.message);
    const turnId = await askAndWait(page, 'Show me the system parameters.');
    const chip = turnMessages(page, turnId).locator(T.toolChip);
    await expect(chip.getAttribute('data-state')).resolves.toBe('error');
    await expect(chip.getAttribute('data-tool')).resolves.toBe('search_records');
    const shown = (await chip.locator(T.toolError).textContent())?.trim();
    await screenshot(page, 'access-error-chip');
    expect(shown).toBe(expected);

    // No value of the model reached the page (keys are short and common words; values are not).
    const pageText = (await page.locator(T.panel).textContent()) ?? '';
    for (const { value } of secrets.filter((row) => String(row.value).length >= 12)) {
      expect(pageText).not.toContain(String(value));
    }
    // Nor the model: the tool result it got is the access error, with no data.
    // This turn's requests: the first asks, the second carries the tool result.
    const [, afterTool] = (await requestsFor(env.modelUrl, 'access-denied')).slice(earlier);
    const results = afterTool ? toolResultsOf(afterTool) : [];
    expect(results.join('\n')).toContain('access_denied');
    for (const { value } of secrets.filter((row) => String(row.value).length >= 12)) {
      expect(results.join('\n')).not.toContain(String(value));
    }
    expect(user.outbound).toEqual([]);
  });
});
