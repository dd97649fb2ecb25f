// Issue 3's story: an analyst (the admin, in Parley's SQL group) asks "revenue by month and
// salesperson for 2025, as a table"; the scripted model (test/fixtures/scenarios/sql-revenue-by-month.json)
// answers with one sql_select. The e2e database has no sales app, so the query counts contacts by
// month and salesperson over res_partner / res_users, tables every Odoo has. The rows come back
// (chip done, "N rows", the answer's table); the demo user, outside the SQL group, asking the same
// is refused: the tool is not offered to the model, the call is refused as not available, no row.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn, newUserPage, screenshot, type UserPage } from './support/browser.js';
import { e2eEnv, type UserKey } from './support/env.js';
import { requestsFor, toolResultsOf } from './support/model.js';
import { T, askAndWait, openFromSystray, turnMessages } from './support/panel.js';

const env = e2eEnv();
const SCENARIO = 'sql-revenue-by-month';
const QUESTION = 'Show me revenue by month and salesperson for 2025, as a table.';

let browser: Browser;

interface Asked {
  user: UserPage;
  turnId: string;
  /** the model requests of this turn (the scripted model's record), oldest first */
  requests: Awaited<ReturnType<typeof requestsFor>>;
}

async function askAs(who: UserKey): Promise<Asked> {
  const user = await newUserPage(browser, `sql-analyst-${who}`);
  const page: Page = user.page;
  const seen = (await requestsFor(env.modelUrl, SCENARIO)).length;
  await logIn(page, env.odooUrl, who);
  await openFromSystray(page);
  await page.click(T.newSession);
  await page.waitForFunction((selector) => !document.querySelector(selector), T.message);
  const turnId = await askAndWait(page, QUESTION);
  return { user, turnId, requests: (await requestsFor(env.modelUrl, SCENARIO)).slice(seen) };
}

function offeredTools(request: Asked['requests'][number]): string[] {
  const body = request.body as { tools?: Array<{ name?: string }> } | null;
  return (body?.tools ?? []).map((tool) => tool.name ?? '');
}

describe('sql_select: the analyst gets rows, the demo user outside the SQL group gets none', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('answers the analyst from one SELECT: chip done with its rows, the answer as a table', async () => {
    const { user, turnId, requests } = await askAs('admin');
    const chip = turnMessages(user.page, turnId).locator(T.toolChip);
    await expect(chip.getAttribute('data-tool')).resolves.toBe('sql_select');
    await expect(chip.getAttribute('data-state')).resolves.toBe('done');
    await chip.locator(T.toolToggle).click();
    const summary = (await chip.locator('[data-testid="parley-tool-result"]').textContent())?.trim() ?? '';
    expect(summary).toMatch(/^[1-9]\d* rows?/);
    await expect(turnMessages(user.page, turnId).locator(`${T.assistantText} table`).count()).resolves.toBeGreaterThan(0);
    await screenshot(user.page, 'sql-analyst-rows');

    expect(offeredTools(requests[0]!)).toContain('mcp__odoo__sql_select');
    const result = JSON.parse(JSON.parse(toolResultsOf(requests[1]!)[0] ?? '""') as string | never) as unknown;
    expect(JSON.stringify(result)).toContain('salesperson');
    expect(JSON.stringify(result)).toContain('record rules are not applied to SQL');
    expect(user.outbound).toEqual([]);
  });

  it('refuses the demo user: sql_select is not offered, the call is not available, no row', async () => {
    const { user, turnId, requests } = await askAs('demo');
    expect(offeredTools(requests[0]!)).not.toContain('mcp__odoo__sql_select');
    const chip = turnMessages(user.page, turnId).locator(T.toolChip);
    await expect(chip.getAttribute('data-state')).resolves.toBe('error');
    await expect(chip.locator(T.toolError).textContent()).resolves.toMatch(/not available/i);
    await screenshot(user.page, 'sql-demo-refused');
    const results = toolResultsOf(requests[1]!).join('\n');
    expect(results).toContain('tool_not_available');
    expect(results).not.toContain('salesperson');
    expect(user.outbound).toEqual([]);
  });
});
