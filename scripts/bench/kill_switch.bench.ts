// Kill-switch time (issue 4): from a manager's activation to the last refused or stopped thing.
//
// - With PARLEY_BENCH_ODOO_URL (+ PARLEY_BENCH_DB, PARLEY_BENCH_LOGIN, PARLEY_BENCH_PASSWORD of a
//   Parley manager; optional PARLEY_BENCH_BRIDGE_URL): against that live Odoo and its bridge. One
//   turn is started and left waiting on an approval, the switch is activated through Odoo's own
//   RPC as the manager, and the bench polls until the turn is failed in Odoo, a new chat is
//   refused and the bridge runs no turn; then it releases the switch.
// - Always, self-contained: the real bridge app (scripted model, Odoo stand-in), N turns waiting
//   on approvals, POST /v1/kill → the last turn.end posted. Starts nothing outside this process.
// Prints `figure: <name> = <value> ms`; never fails on a number (scripts/bench/README.md).
import { post, startHarness, startTurn } from '../../bridge/test/support/harness.js';

const TURNS = 5;
const POLL_MS = 5;
const LIMIT_MS = 10_000;

function figure(name: string, ms: number): void {
  console.log(`figure: ${name} = ${ms.toFixed(1)} ms`);
}

async function selfContained(): Promise<void> {
  const h = await startHarness();
  try {
    const policy = { version: '1', tools: { update_records: { action: 'approve' } } };
    const tokens: string[] = [];
    for (let i = 0; i < TURNS; i++) {
      tokens.push(await startTurn(h, 9000 + i, '[scenario:approval] bench', { policy }));
      await h.odoo.waitForEvent(9000 + i, 'approval.request');
    }
    const started = performance.now();
    const answer = await post(`${h.url}/v1/kill`, {}, tokens[0]);
    const answered = performance.now() - started;
    await Promise.all(tokens.map((_token, i) => h.odoo.turnEnd(9000 + i)));
    figure('bridge_kill_answer', answered);
    figure(`bridge_kill_to_last_turn_end (${TURNS} turns, stopped=${String(answer.body.stopped)})`, performance.now() - started);
  } finally {
    await h.close();
  }
}

class OdooSession {
  private cookie = '';
  constructor(readonly url: string) {}

  async rpc(path: string, params: Record<string, unknown>): Promise<{ result?: unknown; error?: { data?: { message?: string } } }> {
    const response = await fetch(this.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return (await response.json()) as { result?: unknown; error?: { data?: { message?: string } } };
  }

  callKw(model: string, method: string, args: unknown[]): Promise<{ result?: unknown }> {
    return this.rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs: {} });
  }
}

async function until(check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > LIMIT_MS) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return performance.now();
}

async function againstOdoo(url: string): Promise<void> {
  const odoo = new OdooSession(url.replace(/\/+$/, ''));
  const login = await odoo.rpc('/web/session/authenticate', {
    db: process.env.PARLEY_BENCH_DB, login: process.env.PARLEY_BENCH_LOGIN, password: process.env.PARLEY_BENCH_PASSWORD,
  });
  if (!login.result) throw new Error('could not log in to Odoo as the bench manager');
  const sent = (await odoo.rpc('/parley/chat/send', { session_id: null, text: '[scenario:approval] kill bench', context: null }))
    .result as { session_id: number; turn_id: number; error?: unknown };
  const history = async () => (await odoo.rpc('/parley/sessions/history', { session_id: sent.session_id })).result as {
    running_turn_id: number | null; pending_approvals?: unknown[];
  };
  if (!sent.error) await until(async () => ((await history()).pending_approvals ?? []).length > 0);
  const wizard = await odoo.callKw('parley.kill.wizard', 'create', [{ action: 'activate', reason: 'kill_switch bench' }]);
  const started = performance.now();
  await odoo.callKw('parley.kill.wizard', 'action_confirm', [[wizard.result]]);
  const stopped = await until(async () => (await history()).running_turn_id === null);
  const refused = await until(async () => !!(await odoo.rpc('/parley/chat/send', { session_id: null, text: 'still there?', context: null })).error);
  let bridgeIdle = stopped;
  const bridgeUrl = process.env.PARLEY_BENCH_BRIDGE_URL;
  if (bridgeUrl) {
    bridgeIdle = await until(async () => ((await (await fetch(`${bridgeUrl}/healthz`)).json()) as { turns_running: number }).turns_running === 0);
  }
  figure('odoo_activation_to_turn_stopped', stopped - started);
  figure('odoo_activation_to_chat_refused', refused - started);
  if (bridgeUrl) figure('odoo_activation_to_bridge_idle', bridgeIdle - started);
  figure('odoo_activation_to_last_refusal', Math.max(stopped, refused, bridgeIdle) - started);
  const release = await odoo.callKw('parley.kill.wizard', 'create', [{ action: 'release', reason: 'kill_switch bench done' }]);
  await odoo.callKw('parley.kill.wizard', 'action_confirm', [[release.result]]);
}

await selfContained();
const odooUrl = process.env.PARLEY_BENCH_ODOO_URL;
if (odooUrl) await againstOdoo(odooUrl);
else console.log('SKIPPED: Odoo side (set PARLEY_BENCH_ODOO_URL, PARLEY_BENCH_DB, PARLEY_BENCH_LOGIN, PARLEY_BENCH_PASSWORD); the Odoo test test_kill_switch prints its own figure');
