// One error catalogue: every error the bridge can answer or report has a stable code, an HTTP
// status and a message safe to show to a user. Nothing else (stack traces, upstream bodies,
// tokens) ever leaves the process.

export const CATALOGUE = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  token_missing: { status: 401, message: 'The request carries no turn token.' },
  token_mismatch: { status: 401, message: 'The token does not belong to this turn.' },
  origin_refused: { status: 403, message: 'Requests carrying an Origin header are refused.' },
  host_refused: { status: 403, message: 'The Host header does not name this bridge.' },
  not_found: { status: 404, message: 'No such route.' },
  turn_exists: { status: 409, message: 'This turn is already running.' },
  body_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send a JSON body (Content-Type: application/json).' },
  too_many_turns: { status: 429, message: 'Too many turns are running; try again shortly.' },
  internal_error: { status: 500, message: 'The bridge hit an internal error.' },
  odoo_unreachable: { status: 502, message: 'The bridge could not reach Odoo.' },
  odoo_bad_response: { status: 502, message: 'Odoo answered the bridge with something it did not expect.' },
  model_not_configured: {
    status: 503,
    message: 'The assistant has no model credentials configured. An administrator must set ANTHROPIC_API_KEY or PARLEY_API_KEY_FILE for the bridge.',
  },
  // Turn outcomes (reported in turn.end, never as an HTTP answer).
  round_cap: { status: 500, message: 'The assistant reached its limit of model rounds before finishing.' },
  turn_timeout: { status: 500, message: 'The turn took longer than its time limit.' },
  bridge_shutdown: { status: 503, message: 'The assistant service was stopped while this turn was running; please ask again.' },
  model_overloaded: { status: 503, message: 'The model is overloaded right now; please try again shortly.' },
  model_unavailable: { status: 502, message: 'The model service failed to answer; please try again.' },
  model_rate_limited: { status: 429, message: 'The model service is rate limiting requests; please try again shortly.' },
  model_auth_failed: { status: 502, message: 'The model service refused the configured credentials.' },
  model_bad_request: { status: 502, message: 'The model service refused the request.' },
  model_unreachable: { status: 502, message: 'The bridge could not reach the model service.' },
  tool_timeout: { status: 504, message: 'The tool call took too long and was stopped.' },
  tool_not_available: { status: 404, message: 'This tool is not available.' },
  cancelled: { status: 499, message: 'The turn was stopped.' },
  circuit_breaker: { status: 500, message: 'The assistant stopped after too many tool calls in a row failed or were declined.' },
  kill_switch: { status: 503, message: 'An administrator stopped the assistant (kill switch).' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof CATALOGUE;

export interface SafeError {
  code: string;
  message: string;
}

/**
 * An error whose code and message may be shown to clients. `code` is usually from the catalogue;
 * errors relayed from Odoo (token_expired, …) keep Odoo's own code and message, which Odoo
 * already made safe (docs/wire.md §0).
 */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  static of(code: ErrorCode, message?: string): BridgeError {
    const entry = CATALOGUE[code];
    return new BridgeError(code, entry.status, message ?? entry.message);
  }

  toSafe(): SafeError {
    return { code: this.code, message: this.message };
  }
}

export function safeError(code: ErrorCode, message?: string): SafeError {
  return { code, message: message ?? CATALOGUE[code].message };
}
