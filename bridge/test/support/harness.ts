// Starts the real bridge app on an ephemeral loopback port, wired to an Odoo stand-in and the
// scripted model server, with the real Anthropic SDK in between.
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createModelClient } from '../../src/agent/providers/anthropic.js';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp, type BridgeApp } from '../../src/http/app.js';
import { createLogger, type Logger } from '../../src/log.js';
import { TOOLS } from '../../src/mcp/tools/index.js';
import { startScriptedModel, type ScriptedModel } from '../../../test/scripted-model/server.js';
import { OdooStandIn } from './odoo-stand-in.js';

export const SCENARIOS_DIR = resolve(import.meta.dirname, '../../../test/fixtures/scenarios');

export interface Harness {
  bridge: BridgeApp;
  config: Config;
  url: string;
  port: number;
  odoo: OdooStandIn;
  model: ScriptedModel;
  logs: string[];
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const odoo = await new OdooStandIn().start();
  const model = await startScriptedModel({ scenarios: SCENARIOS_DIR });
  const config = loadConfig({
    PARLEY_ODOO_URL: odoo.url,
    PARLEY_BRIDGE_PORT: '0',
    PARLEY_MODEL_BASE_URL: model.url,
    ANTHROPIC_API_KEY: 'sk-test-scripted',
    PARLEY_MODEL_MAX_RETRIES: '0',
    PARLEY_TOOL_TIMEOUT_MS: '5000',
    ...env,
  });
  const logs: string[] = [];
  const log: Logger = createLogger('debug', (line) => logs.push(line));
  const bridge = buildApp({ config, log, model: createModelClient(config), tools: TOOLS });
  await bridge.app.listen({ host: config.host, port: 0 });
  const port = (bridge.app.server.address() as AddressInfo).port;
  return {
    bridge,
    config,
    url: `http://127.0.0.1:${port}`,
    port,
    odoo,
    model,
    logs,
    async close() {
      bridge.registry.cancelAll('shutdown');
      await bridge.drain();
      await bridge.app.close();
      await model.close();
      await odoo.close();
    },
  };
}

export const ALL_READ_TOOLS = {
  list_models: { action: 'allow' },
  describe_model: { action: 'allow' },
  search_records: { action: 'allow' },
  read_records: { action: 'allow' },
  aggregate_records: { action: 'allow' },
} as const;

export function turnBody(turnId: number, text: string, extra: Record<string, unknown> = {}) {
  return {
    turn_id: turnId,
    session_id: 3,
    max_rounds: 8,
    max_tokens: 1024,
    history: [{ role: 'user', content: [{ type: 'text', text }] }],
    context: { user_name: 'Marc Demo', lang: 'en_US', tz: 'Europe/Brussels', company: 'YourCompany', model: 'res.partner', record_id: 7, record_name: 'Azure Interior' },
    policy: { version: '1', tools: ALL_READ_TOOLS },
    ...extra,
  };
}

export async function post(url: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Starts a turn through the HTTP API, as Odoo does; returns the token. */
export async function startTurn(h: Harness, turnId: number, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const token = h.odoo.issue({ tid: turnId });
  const answer = await post(`${h.url}/v1/turns`, turnBody(turnId, text, extra), token);
  if (answer.status !== 202) throw new Error(`turn ${turnId} refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  return token;
}
