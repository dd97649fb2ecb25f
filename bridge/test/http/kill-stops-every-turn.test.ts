// POST /v1/kill: stops every running turn when shown the token of a turn this bridge runs (what
// Odoo sends) or the operators' kill secret; anything else is refused and stops nothing.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startHarness, startTurn, type Harness } from '../support/harness.js';

const SECRET = 'k'.repeat(40);
let h: Harness;
const policy = { version: '1', tools: { update_records: { action: 'approve' } } };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
  const file = join(dir, 'kill.secret');
  writeFileSync(file, SECRET);
  chmodSync(file, 0o600);
  h = await startHarness({ PARLEY_KILL_SECRET_FILE: file });
});
afterAll(() => h.close());

async function waitingTurn(turnId: number): Promise<string> {
  const token = await startTurn(h, turnId, '[scenario:approval] rename', { policy });
  await h.odoo.waitForEvent(turnId, 'approval.request');
  return token;
}

it('refuses a token it does not run and a wrong secret, stopping nothing', async () => {
  await waitingTurn(1401);
  const forged = h.odoo.issue({ tid: 9999 }, 'forged');
  expect((await post(`${h.url}/v1/kill`, {}, forged)).status).toBe(401);
  expect((await post(`${h.url}/v1/kill`, {}, 'x'.repeat(40))).status).toBe(401);
  expect((await post(`${h.url}/v1/kill`, {})).status).toBe(401);
  expect(h.bridge.registry.size).toBe(1);
  h.bridge.registry.cancelAll('user');
  await h.odoo.turnEnd(1401);
});

it('stops every running turn, failed with kill_switch, when shown a running turn\'s token', async () => {
  const token = await waitingTurn(1402);
  await waitingTurn(1403);
  const started = performance.now();
  const answer = await post(`${h.url}/v1/kill`, {}, token);
  expect(answer).toEqual({ status: 200, body: { stopped: 2 } });
  for (const id of [1402, 1403]) expect(await h.odoo.turnEnd(id)).toMatchObject({ status: 'failed', error: { code: 'kill_switch' } });
  console.log(`bridge kill: /v1/kill to both turn.end posted = ${(performance.now() - started).toFixed(1)} ms`);
});

it('stops every running turn with the operators\' kill secret', async () => {
  await waitingTurn(1404);
  expect(await post(`${h.url}/v1/kill`, {}, SECRET)).toEqual({ status: 200, body: { stopped: 1 } });
  expect(await h.odoo.turnEnd(1404)).toMatchObject({ status: 'failed', error: { code: 'kill_switch' } });
});
