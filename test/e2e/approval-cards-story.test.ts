// Issue 4's story as the admin (Parley manager): "mark these three quotations as sent and add a note
// to each customer". The e2e database has no `sale` module, so the scripted model
// (test/fixtures/scenarios/quotations-sent-approvals.json) marks three demo customers instead: it sets
// their Reference to "QUOTATION SENT" (update_records) and posts a note on each (post_message), six
// calls. The panel shows one card per call with Odoo's preview (current → new value); nothing is
// written before a click; the user approves some and denies others; afterwards the database holds
// exactly the approved changes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { odooClient, type OdooClient } from '../../scripts/lib/odoo-rpc.js';
import { A, cardIn, chipOf, decide, notesOn, partners, rowsOf, type PartnerRow } from './support/approval-cards.js';
import { launchBrowser, logIn, newUserPage, screenshot, type UserPage } from './support/browser.js';
import { USERS, e2eEnv } from './support/env.js';
import { requestsFor, toolResultsOf } from './support/model.js';
import { T, ask, openFromSystray, turnOf, waitTurnFinished } from './support/panel.js';

const env = e2eEnv();
const QUESTION = 'Please mark these three quotations as sent and add a note to each customer.';
// The demo customers the scenario names by id (a fresh demo database always gives them these ids).
const CUSTOMERS = { 10: 'Deco Addict', 11: 'Gemini Furniture', 12: 'Ready Mat' } as const;
const IDS = [10, 11, 12];
const NEW_REF = 'QUOTATION SENT';
const NOTE = (id: number) => `e2e note ${id}`;
// The user's decision on each call, in the order the bridge asks.
const DECISIONS: Array<[string, 'approve' | 'deny']> = [
  ['toolu_e2e_sent_10', 'approve'],
  ['toolu_e2e_sent_11', 'deny'],
  ['toolu_e2e_sent_12', 'approve'],
  ['toolu_e2e_note_10', 'approve'],
  ['toolu_e2e_note_11', 'deny'],
  ['toolu_e2e_note_12', 'approve'],
];

let browser: Browser;
let user: UserPage;
let page: Page;
let admin: OdooClient;
let before: Map<number, PartnerRow>;
let turnId = '';
const notesBefore = new Map<number, number>();

describe('approval cards: approve one change, deny another, the database holds exactly the approved ones', () => {
  beforeAll(async () => {
    admin = await odooClient(env.odooUrl, env.db, USERS.admin.login, USERS.admin.password);
    // A kept database (PARLEY_REUSE_DB) may hold an earlier run's changes: start from no reference.
    await admin.call('res.partner', 'write', [IDS, { ref: false }]);
    before = await partners(admin, IDS);
    for (const id of IDS) notesBefore.set(id, await notesOn(admin, id, NOTE(id)));
    browser = await launchBrowser();
    user = await newUserPage(browser, 'approval-cards');
    page = user.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the scenario\'s customers are the demo ones, with no reference yet', async () => {
    for (const id of IDS) {
      expect(before.get(id)?.name, `res.partner ${id} (scenario ids drifted?)`).toBe(CUSTOMERS[id as keyof typeof CUSTOMERS]);
      expect(before.get(id)?.ref).toBe(false);
    }
  });

  it('shows the first change with its real current and new value, and writes nothing before the click', async () => {
    await logIn(page, env.odooUrl, 'admin');
    await openFromSystray(page);
    await page.click(T.newSession);
    await page.waitForFunction((selector) => !document.querySelector(selector), T.message);
    await ask(page, QUESTION);
    turnId = await turnOf(page, QUESTION);
    const card = await cardIn(page, 'toolu_e2e_sent_10', 'pending');
    await expect(card.getAttribute('data-tool')).resolves.toBe('update_records');
    await expect(card.locator(A.heading).first().textContent()).resolves.toContain('Deco Addict');
    const old = '(empty)';
    expect(await rowsOf(card)).toEqual([{ field: 'ref', old, new: NEW_REF }]);
    await expect(chipOf(card).getAttribute('data-state')).resolves.toBe('waiting');
    await screenshot(page, 'approval-card-pending');
    // Only one card at a time: the next call waits for this one.
    await expect(page.locator(A.card).count()).resolves.toBe(1);
    expect((await partners(admin, [10])).get(10)?.ref).toBe(before.get(10)?.ref);
  });

  it('takes each decision and shows it on the card and the chip', async () => {
    for (const [callId, decision] of DECISIONS) {
      const card = await cardIn(page, callId, 'pending');
      if (callId.startsWith('toolu_e2e_note_')) {
        const id = Number(callId.slice(-2));
        await expect(card.getAttribute('data-tool')).resolves.toBe('post_message');
        await expect(card.locator(A.heading).first().textContent()).resolves.toContain(CUSTOMERS[id as keyof typeof CUSTOMERS]);
        const rows = await rowsOf(card);
        expect(rows.map((row) => row.field)).toEqual(['kind', 'body']);
        expect(rows[1]?.new).toContain(NOTE(id));
      }
      await decide(page, callId, decision);
      const chip = chipOf(card);
      if (decision === 'deny') {
        await expect(chip.locator(A.outcome).textContent()).resolves.toBe('declined');
      } else {
        await page.waitForFunction(
          (el) => el?.getAttribute('data-state') === 'done',
          await chip.elementHandle(),
          { timeout: 20_000 },
        );
        await expect(chip.locator(A.outcome).textContent()).resolves.toBe('written');
      }
      if (callId === 'toolu_e2e_sent_11') {
        await screenshot(page, 'approval-cards-approved-and-denied');
      }
    }
    await waitTurnFinished(page, turnId);
    await screenshot(page, 'approval-cards-turn-done');
  });

  it('keeps every card with its decision once the answer is stored', async () => {
    const states = await page.locator(A.card).evaluateAll((cards) =>
      cards.map((card) => [card.getAttribute('data-call-id'), card.getAttribute('data-state')]));
    expect(states).toEqual(DECISIONS.map(([callId, decision]) => [callId, decision === 'approve' ? 'approved' : 'denied']));
    await expect(page.locator(`${T.assistant}[data-turn-id="${turnId}"] ${T.assistantText}`).last().textContent())
      .resolves.toContain('Done with what you approved.');
  });

  it('wrote exactly the approved changes', async () => {
    const after = await partners(admin, IDS);
    expect(after.get(10)?.ref).toBe(NEW_REF);
    expect(after.get(11)?.ref).toBe(before.get(11)?.ref);
    expect(after.get(12)?.ref).toBe(NEW_REF);
    const added = async (id: number) => (await notesOn(admin, id, NOTE(id))) - (notesBefore.get(id) ?? 0);
    expect([await added(10), await added(11), await added(12)]).toEqual([1, 0, 1]);
  });

  it('told the model which calls the user declined', async () => {
    const requests = await requestsFor(env.modelUrl, 'quotations-sent-approvals');
    const results = toolResultsOf(requests[requests.length - 1]!).join('\n');
    expect(results.match(/approval_denied/g)?.length).toBe(2);
    expect(user.outbound).toEqual([]);
    expect(user.pageErrors).toEqual([]);
  });
});
