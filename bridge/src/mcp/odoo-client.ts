// The bridge's only way to talk to Odoo (docs/wire.md §3). Every call carries the turn token as a
// Bearer, has a timeout, honours the turn's abort signal, and never follows a redirect: a redirect
// from Odoo would mean the request went somewhere we did not choose (e.g. a login page).
import { z } from 'zod';
import { BridgeError, type SafeError } from '../errors.js';

const ErrorBody = z.object({ code: z.string().min(1).max(100), message: z.string().max(4000) });
const Envelope = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);

export const Introspection = z.object({
  uid: z.number().int(),
  sid: z.number().int(),
  tid: z.number().int(),
  db: z.string(),
  exp: z.number(),
  user_name: z.string().optional(),
  lang: z.string().optional(),
  tz: z.string().nullable().optional(),
});
export type Introspection = z.infer<typeof Introspection>;

const EventsAnswer = z.object({ state: z.string() });

export type ToolOutcome = { ok: true; data: unknown } | { ok: false; error: SafeError };

export interface OdooClientOptions {
  baseUrl: string;
  token: string;
  /** Bound on every request; tool calls may pass their own. */
  timeoutMs: number;
  /** The turn's signal: aborting it aborts every request in flight. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** The `db` claim of a token, read without verifying it: only to route the request (X-Odoo-Database). */
export function tokenDatabase(token: string): string | null {
  const claims = token.split('.')[1];
  if (!claims) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
    const db = (parsed as { db?: unknown }).db;
    return typeof db === 'string' && /^[\w.-]{1,63}$/.test(db) ? db : null;
  } catch {
    return null;
  }
}

export class OdooClient {
  private readonly fetchImpl: typeof fetch;
  private readonly db: string | null;

  constructor(private readonly options: OdooClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.db = tokenDatabase(options.token);
  }

  /** Validates the token with Odoo; throws a BridgeError carrying Odoo's token error code. */
  async introspect(): Promise<Introspection> {
    const outcome = await this.post('/parley/bridge/introspect', {});
    if (!outcome.ok) throw new BridgeError(outcome.error.code, tokenStatus(outcome.error.code), outcome.error.message);
    const parsed = Introspection.safeParse(outcome.data);
    if (!parsed.success) throw BridgeError.of('odoo_bad_response');
    return parsed.data;
  }

  /** Posts a batch of events; answers the turn's state after the batch. */
  async postEvents(turnId: number, events: readonly object[], signal?: AbortSignal): Promise<string> {
    const outcome = await this.post('/parley/bridge/events', { turn_id: turnId, events }, { signal });
    if (!outcome.ok) {
      // Odoo refuses the token once the turn is no longer running: that is a state, not a fault.
      if (outcome.error.code === 'turn_not_running' || outcome.error.code === 'kill_switch') return 'stopped';
      throw new BridgeError(outcome.error.code, 502, outcome.error.message);
    }
    const parsed = EventsAnswer.safeParse(outcome.data);
    if (!parsed.success) throw BridgeError.of('odoo_bad_response');
    return parsed.data.state;
  }

  /** Runs one tool in Odoo. Failures of any kind come back as data, never as exceptions. */
  async callTool(
    name: string,
    body: { turn_id: number; call_id: string; args: unknown; grant?: string },
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<ToolOutcome> {
    try {
      return await this.post(`/parley/tool/${encodeURIComponent(name)}`, body, options);
    } catch (error) {
      if (error instanceof BridgeError) return { ok: false, error: error.toSafe() };
      return { ok: false, error: { code: 'internal_error', message: 'The tool call failed in the bridge.' } };
    }
  }

  private async post(
    path: string,
    body: unknown,
    options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined } = {},
  ): Promise<ToolOutcome> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signals = [timeout, this.options.signal, options.signal].filter((s): s is AbortSignal => !!s);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Authorization: `Bearer ${this.options.token}`,
    };
    if (this.db) headers['X-Odoo-Database'] = this.db;
    let response: Response;
    try {
      response = await this.fetchImpl(this.options.baseUrl + path, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      if (timeout.aborted) throw BridgeError.of('tool_timeout', `Odoo did not answer within ${timeoutMs} ms.`);
      if (signals.some((s) => s !== timeout && s.aborted)) throw BridgeError.of('cancelled');
      throw BridgeError.of('odoo_unreachable', `The bridge could not reach Odoo (${describeNetworkError(error)}).`);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw BridgeError.of('odoo_bad_response', `Odoo answered with a redirect (${response.status}); the bridge does not follow redirects.`);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw BridgeError.of('odoo_bad_response', `Odoo answered HTTP ${response.status} without a JSON body.`);
    }
    const parsed = Envelope.safeParse(json);
    if (!parsed.success) throw BridgeError.of('odoo_bad_response', `Odoo answered HTTP ${response.status} with an unexpected body.`);
    return parsed.data;
  }
}

function tokenStatus(code: string): number {
  return code.startsWith('token_') || ['turn_not_running', 'session_inactive', 'user_inactive', 'user_not_in_group', 'kill_switch'].includes(code)
    ? 401
    : 502;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof cause === 'string' ? cause : 'network error';
}
