// A small HTTP server on 127.0.0.1 implementing the Odoo endpoints of docs/wire.md §3 for the
// bridge's unit tests (the real addon is exercised in the Odoo tier). It records every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedOdooRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** The bridge hung up before the answer (an aborted call). */
  aborted: boolean;
}

export type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
export type ToolHandler = (args: Record<string, unknown>, body: Record<string, unknown>) => Envelope | Promise<Envelope>;

export interface TurnIdentity {
  uid: number;
  sid: number;
  tid: number;
  db: string;
}

export interface SequencedEvent {
  seq: number;
  type: string;
  ts: number;
  [field: string]: unknown;
}

/** A token whose claims segment carries `db` like the real ones (the signature is not checked here). */
export function makeToken(identity: TurnIdentity, salt = 'x'): string {
  const claims = Buffer.from(JSON.stringify({ aud: 'parley.tools', ...identity, jti: salt })).toString('base64url');
  return `v1.${claims}.sig-${salt}`;
}

export class OdooStandIn {
  readonly requests: RecordedOdooRequest[] = [];
  readonly events = new Map<number, SequencedEvent[]>();
  /** Turn state answered on each events batch; set to 'cancelled' to stop a turn from "Odoo". */
  readonly states = new Map<number, string>();
  readonly tools = new Map<string, ToolHandler>();
  private readonly tokens = new Map<string, TurnIdentity>();
  private readonly endWaiters = new Map<number, Array<(event: SequencedEvent) => void>>();
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Mints a token Odoo will accept for this turn. */
  issue(identity: Partial<TurnIdentity> & { tid: number }, salt?: string): string {
    const full = { uid: 6, sid: 3, db: 'hb_test', ...identity };
    const token = makeToken(full, salt ?? `t${identity.tid}`);
    this.tokens.set(token, full);
    return token;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  eventsOf(turnId: number): SequencedEvent[] {
    return this.events.get(turnId) ?? [];
  }

  toolCalls(name?: string): RecordedOdooRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/parley/tool/') && (!name || r.path === `/parley/tool/${name}`));
  }

  /** Resolves with the turn.end event of a turn. */
  turnEnd(turnId: number, timeoutMs = 10_000): Promise<SequencedEvent> {
    const existing = this.eventsOf(turnId).find((e) => e.type === 'turn.end');
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no turn.end for turn ${turnId} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.endWaiters.get(turnId) ?? [];
      list.push((event) => {
        clearTimeout(timer);
        resolve(event);
      });
      this.endWaiters.set(turnId, list);
    });
  }

  /** Resolves once an event of `type` has arrived for the turn. */
  async waitForEvent(turnId: number, type: string, timeoutMs = 10_000): Promise<SequencedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.eventsOf(turnId).find((e) => e.type === type);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} event for turn ${turnId}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Resolves once Odoo has received a call of tool `name` for the turn. */
  async waitForToolCall(name: string, turnId: number, timeoutMs = 10_000): Promise<RecordedOdooRequest> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.toolCalls(name).find((r) => r.body.turn_id === turnId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${name} call for turn ${turnId}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return this.send(res, 400, { ok: false, error: { code: 'invalid_request', message: 'bad json' } });
    }
    const path = req.url ?? '/';
    const record: RecordedOdooRequest = { path, headers: req.headers, body, aborted: false };
    this.requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    if (req.headers.origin) return this.send(res, 403, { ok: false, error: { code: 'origin_refused', message: 'Origin refused.' } });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const identity = token ? this.tokens.get(token) : undefined;
    if (!identity) return this.send(res, 401, { ok: false, error: { code: 'token_bad_signature', message: 'The turn token is not valid.' } });
    const state = this.states.get(identity.tid) ?? 'running';

    if (path === '/parley/bridge/introspect') {
      return this.send(res, 200, { ok: true, data: { ...identity, exp: Date.now() / 1000 + 300, user_name: 'Marc Demo', lang: 'en_US', tz: 'Europe/Brussels' } });
    }
    if (path === '/parley/bridge/events') {
      const list = this.events.get(identity.tid) ?? [];
      for (const event of body.events as SequencedEvent[]) {
        list.push(event);
        if (event.type === 'turn.end') {
          this.states.set(identity.tid, String(event.status));
          for (const waiter of this.endWaiters.get(identity.tid) ?? []) waiter(event);
          this.endWaiters.delete(identity.tid);
        }
      }
      this.events.set(identity.tid, list);
      return this.send(res, 200, { ok: true, data: { state: this.states.get(identity.tid) ?? state } });
    }
    const tool = /^\/parley\/tool\/([a-z_]+)$/.exec(path)?.[1];
    if (tool) {
      if (state !== 'running') return this.send(res, 401, { ok: false, error: { code: 'turn_not_running', message: 'The turn is not running.' } });
      const handler = this.tools.get(tool);
      if (!handler) return this.send(res, 200, { ok: false, error: { code: 'tool_not_available', message: 'This tool is not available.' } });
      return this.send(res, 200, await handler((body.args ?? {}) as Record<string, unknown>, body));
    }
    return this.send(res, 404, { ok: false, error: { code: 'not_found', message: 'No such route.' } });
  }
}
