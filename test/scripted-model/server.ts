// A stand-in for the Anthropic Messages API on 127.0.0.1, for tests: it streams scripted answers
// with the real SSE framing (every event has an `event:` line), answers errors the way the API
// does, and records every request so a test can assert on what the client sent.
// It is the only stand-in in the chain: the client under test uses the real @anthropic-ai/sdk.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  loadScenarios,
  parseScenario,
  responseFor,
  selectScenario,
  turnPosition,
  type Scenario,
  type ScenarioInput,
  type StreamResponse,
} from './scenario.js';

export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  path: string;
  /** Request headers, without credentials (x-api-key, authorization). */
  headers: Record<string, string>;
  has_api_key: boolean;
  body: unknown;
  scenario: string | null;
  round: number | null;
  /** The client hung up before the response was complete (e.g. it aborted the stream). */
  aborted: boolean;
  status: number;
}

export interface ScriptedModelOptions {
  /** Scenario objects, or a directory of scenario JSON files. */
  scenarios: ReadonlyArray<ScenarioInput> | string;
  port?: number;
  host?: string;
}

export interface ScriptedModel {
  readonly url: string;
  readonly port: number;
  requests(): RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

const SCENARIO_HEADER = 'x-scripted-scenario';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function words(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(8).toString('hex')}` });
  res.end(JSON.stringify(body));
}

function sendApiError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { type: 'error', error: { type, message }, request_id: `req_${randomBytes(8).toString('hex')}` });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let toolIds = 0;

/** Streams one scripted message as the Messages API does. Stops early when the client goes away. */
async function streamMessage(res: ServerResponse, response: StreamResponse, model: string, isGone: () => boolean): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': `req_${randomBytes(8).toString('hex')}`,
  });
  const send = (event: string, data: object) => {
    if (!isGone()) res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
  };
  const outputTokens = response.usage?.output_tokens ?? response.content.length * 5;
  send('message_start', {
    message: {
      id: `msg_${randomBytes(12).toString('hex')}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: response.usage?.input_tokens ?? 100, output_tokens: 1 },
    },
  });
  send('ping', {});
  let hasToolUse = false;
  for (const [index, block] of response.content.entries()) {
    if (isGone()) return;
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const chunk of block.chunks ?? words(block.text ?? '')) {
        if (block.delay_ms) await sleep(block.delay_ms);
        if (isGone()) return;
        send('content_block_delta', { index, delta: { type: 'text_delta', text: chunk } });
      }
    } else {
      hasToolUse = true;
      if (block.delay_ms) await sleep(block.delay_ms);
      const id = block.id ?? `toolu_scripted_${++toolIds}`;
      send('content_block_start', { index, content_block: { type: 'tool_use', id, name: block.name, input: {} } });
      // Split the arguments in two deltas so the client has to accumulate partial JSON.
      const json = JSON.stringify(block.input);
      const half = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, half), json.slice(half)]) {
        send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    }
    send('content_block_stop', { index });
  }
  if (response.stream_error) {
    send('error', { error: { type: response.stream_error.type, message: response.stream_error.message } });
    res.end();
    return;
  }
  const stopReason = response.stop_reason ?? (hasToolUse ? 'tool_use' : 'end_turn');
  send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
  send('message_stop', {});
  res.end();
}

/** The same scripted message as one JSON body, for requests without `stream: true`. */
function wholeMessage(response: StreamResponse, model: string): object {
  const content = response.content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: (block.chunks ?? [block.text ?? '']).join('') }
      : { type: 'tool_use', id: block.id ?? `toolu_scripted_${++toolIds}`, name: block.name, input: block.input },
  );
  const hasToolUse = content.some((block) => block.type === 'tool_use');
  return {
    id: `msg_${randomBytes(12).toString('hex')}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: response.stop_reason ?? (hasToolUse ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: response.usage ?? { input_tokens: 100, output_tokens: content.length * 5 },
  };
}

export async function startScriptedModel(options: ScriptedModelOptions): Promise<ScriptedModel> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1') throw new Error('the scripted model listens on loopback only');
  const scenarios: Scenario[] =
    typeof options.scenarios === 'string' ? loadScenarios(options.scenarios) : options.scenarios.map((s) => parseScenario(s));
  const recorded: RecordedRequest[] = [];
  let seq = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendApiError(res, 500, 'api_error', 'scripted model: internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/__requests') {
      if (req.method === 'DELETE') recorded.length = 0;
      return sendJson(res, 200, recorded);
    }
    const raw = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([name]) => name !== 'x-api-key' && name !== 'authorization')
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
    );
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      /* recorded as text */
    }
    const record: RecordedRequest = {
      seq: ++seq,
      at: Date.now(),
      method: req.method ?? '',
      path,
      headers,
      has_api_key: !!req.headers['x-api-key'] || !!req.headers.authorization,
      body,
      scenario: null,
      round: null,
      aborted: false,
      status: 0,
    };
    recorded.push(record);
    let gone = false;
    res.on('close', () => {
      gone = !res.writableFinished;
      record.aborted = gone;
    });
    const fail = (status: number, type: string, message: string) => {
      record.status = status;
      sendApiError(res, status, type, message);
    };

    if (req.method !== 'POST' || path !== '/v1/messages') return fail(404, 'not_found_error', `scripted model: no route ${req.method} ${path}`);
    if (!record.has_api_key) return fail(401, 'authentication_error', 'x-api-key header is required');
    const request = body as { model?: unknown; messages?: unknown; stream?: unknown } | null;
    if (!request || typeof request !== 'object' || !Array.isArray(request.messages)) {
      return fail(400, 'invalid_request_error', 'messages: field required');
    }
    const { userText, round } = turnPosition(request.messages as Array<{ role?: unknown; content?: unknown }>);
    const header = req.headers[SCENARIO_HEADER];
    const scenario = selectScenario(scenarios, userText, typeof header === 'string' ? header : undefined);
    record.round = round;
    if (!scenario) return fail(400, 'invalid_request_error', 'scripted model: no scenario matches this request and there is no "default" scenario');
    record.scenario = scenario.name;
    const response = responseFor(scenario, round);
    if (!response) return fail(500, 'api_error', `scripted model: scenario "${scenario.name}" has no response #${round + 1}`);
    if ('error' in response) return fail(response.error.status, response.error.type, response.error.message);
    if (response.delay_ms) await sleep(response.delay_ms);
    record.status = 200;
    if (request.stream !== true) return sendJson(res, 200, wholeMessage(response, typeof request.model === 'string' ? request.model : 'scripted'));
    await streamMessage(res, response, typeof request.model === 'string' ? request.model : 'scripted', () => gone);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests: () => recorded.map((r) => ({ ...r })),
    clearRequests: () => {
      recorded.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
