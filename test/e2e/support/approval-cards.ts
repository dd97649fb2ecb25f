// The approval cards of the Parley panel (web/src/components/approval_card) as the browser tests of
// issue 4 see them, and the database checks those stories make as the admin over JSON-RPC.
import type { Locator, Page } from 'playwright-core';
import type { OdooClient } from '../../../scripts/lib/odoo-rpc.js';

export const A = {
  card: '[data-testid="parley-approval-card"]', // data-call-id, data-tool, data-state pending|approved|denied|expired
  approve: '[data-testid="parley-approval-approve"]',
  deny: '[data-testid="parley-approval-deny"]',
  row: '[data-testid="parley-approval-row"]', // data-field
  old: '[data-testid="parley-approval-old"]',
  new: '[data-testid="parley-approval-new"]',
  heading: '[data-testid="parley-approval-heading"]',
  error: '[data-testid="parley-approval-error"]',
  outcome: '[data-testid="parley-tool-outcome"]',
} as const;

export function cardOf(page: Page, callId: string): Locator {
  return page.locator(`${A.card}[data-call-id="${callId}"]`);
}

/** Waits until the card of this call is shown in this state. */
export async function cardIn(page: Page, callId: string, state: string, timeout = 30_000): Promise<Locator> {
  await page.locator(`${A.card}[data-call-id="${callId}"][data-state="${state}"]`).waitFor({ state: 'visible', timeout });
  return cardOf(page, callId);
}

/** Clicks Approve or Deny on a pending card and waits for the card to show Odoo's answer. */
export async function decide(page: Page, callId: string, decision: 'approve' | 'deny'): Promise<void> {
  const card = cardOf(page, callId);
  await card.locator(decision === 'approve' ? A.approve : A.deny).click();
  await cardIn(page, callId, decision === 'approve' ? 'approved' : 'denied', 15_000);
}

/** The rows of a card as {field, old, new} text, as a person reads them. */
export async function rowsOf(card: Locator): Promise<Array<{ field: string; old: string | null; new: string }>> {
  return card.locator(A.row).evaluateAll((rows, sel) => rows.map((row) => ({
    field: row.getAttribute('data-field') ?? '',
    old: row.querySelector(sel.old)?.textContent?.trim() ?? null,
    new: row.querySelector(sel.new)?.textContent?.trim() ?? '',
  })), { old: A.old, new: A.new });
}

/** The chip that owns a card (the card is drawn inside its tool call's chip). */
export function chipOf(card: Locator): Locator {
  return card.locator('xpath=ancestor::*[@data-testid="parley-tool-chip"][1]');
}

export interface PartnerRow {
  id: number;
  name: string;
  ref: string | false;
  email: string | false;
}

export async function partners(admin: OdooClient, ids: number[]): Promise<Map<number, PartnerRow>> {
  const rows = await admin.call<PartnerRow[]>('res.partner', 'read', [ids], { fields: ['name', 'ref', 'email'] });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Chatter messages on a partner whose body contains `marker`. */
export async function notesOn(admin: OdooClient, partnerId: number, marker: string): Promise<number> {
  return admin.call<number>('mail.message', 'search_count', [[
    ['model', '=', 'res.partner'], ['res_id', '=', partnerId], ['body', 'ilike', marker],
  ]]);
}
