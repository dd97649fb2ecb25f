// The two ways Parley stops an answer on its own (issue 4), as the admin sees them in the panel:
// the circuit breaker (N declined calls in a row; N lowered to 2 for this file) and a manager's kill
// switch while a card waits. Each is explained in plain words, the waiting card expires, and
// nothing is written. Scenario: test/fixtures/scenarios/turn-stops-approvals.json.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { odooClient, type OdooClient } from '../../scripts/lib/odoo-rpc.js';
import { cardIn, decide, partners, type PartnerRow } from './support/approval-cards.js';
import { launchBrowser, logIn, newUserPage, screenshot, type UserPage } from './support/browser.js';
import { USERS, e2eEnv } from './support/env.js';
import { T, ask, openFromSystray, turnOf } from './support/panel.js';

const env = e2eEnv();
const QUESTION = 'Please set the reference of these three contacts to AUDIT.';
const IDS = [16, 17, 18];
const BREAKER_PARAM = 'parley.circuit_breaker_n';

let browser: Browser;
let user: UserPage;
let page: Page;
let admin: OdooClient;
let before: Map<number, PartnerRow>;
let breakerBefore: string | false;

async function killSwitch(action: 'activate' | 'release'): Promise<void> {
  const wizard = await admin.call<number>('parley.kill.wizard', 'create', [{ action, reason: `e2e: ${action}` }]);
  await admin.call('parley.kill.wizard', 'action_confirm', [[wizard]]);
}

async function newTurn(): Promise<string> {
  await page.click(T.newSession);
  await page.waitForFunction((selector) => !document.querySelector(selector), T.message);
  await ask(page, QUESTION);
  return turnOf(page, QUESTION);
}

function turnError(turnId: string, code: string) {
  return page.locator(`${T.message}[data-turn-id="${turnId}"] ${T.turnError}[data-code="${code}"]`);
}

describe('the circuit breaker and the kill switch are explained, and write nothing', () => {
  beforeAll(async () => {
    admin = await odooClient(env.odooUrl, env.db, USERS.admin.login, USERS.admin.password);
    before = await partners(admin, IDS);
    breakerBefore = await admin.call<string | false>('ir.config_parameter', 'get_param', [BREAKER_PARAM]);
    await admin.call('ir.config_parameter', 'set_param', [BREAKER_PARAM, '2']);
    browser = await launchBrowser();
    user = await newUserPage(browser, 'turn-stops');
    page = user.page;
    await logIn(page, env.odooUrl, 'admin');
    await openFromSystray(page);
  });

  afterAll(async () => {
    // Never leave the switch on or the breaker lowered for the files that run after this one.
    await killSwitch('release').catch(() => undefined);
    await admin?.call('ir.config_parameter', 'set_param', [BREAKER_PARAM, breakerBefore || '5']).catch(() => undefined);
    await browser?.close();
  });

  it('stops after two declined calls in a row and says why', async () => {
    const turnId = await newTurn();
    await cardIn(page, 'toolu_e2e_stop_16', 'pending');
    await decide(page, 'toolu_e2e_stop_16', 'deny');
    await cardIn(page, 'toolu_e2e_stop_17', 'pending');
    await decide(page, 'toolu_e2e_stop_17', 'deny');
    const error = turnError(turnId, 'circuit_breaker');
    await error.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(error.textContent()).resolves.toContain('too many failed, refused or declined actions in a row');
    await screenshot(page, 'turn-stopped-circuit-breaker');
    await expect(page.locator('[data-testid="parley-approval-card"][data-call-id="toolu_e2e_stop_18"][data-state="pending"]').count())
      .resolves.toBe(0);
  });

  it('stops a waiting answer when a manager activates the kill switch, and says why', async () => {
    const turnId = await newTurn();
    await cardIn(page, 'toolu_e2e_stop_16', 'pending');
    const started = Date.now();
    await killSwitch('activate');
    const error = turnError(turnId, 'kill_switch');
    await error.waitFor({ state: 'visible', timeout: 20_000 });
    await expect(error.textContent()).resolves.toContain('kill switch');
    // Odoo stores no answer for a killed turn: once the panel has reloaded the history, what the
    // user saw stays, the waiting card now expired.
    await page.waitForResponse((response) => response.url().endsWith('/parley/sessions/history'), { timeout: 5_000 }).catch(() => null);
    await cardIn(page, 'toolu_e2e_stop_16', 'expired', 5_000);
    await expect(error.isVisible()).resolves.toBe(true);
    await screenshot(page, 'turn-stopped-kill-switch');
    process.stdout.write(`kill switch: the panel showed it ${Date.now() - started} ms after activation\n`);
    await killSwitch('release');
  });

  it('wrote nothing', async () => {
    const after = await partners(admin, IDS);
    for (const id of IDS) expect(after.get(id)?.ref).toBe(before.get(id)?.ref);
    expect(user.outbound).toEqual([]);
    expect(user.pageErrors).toEqual([]);
  });
});
