// A minimal client for Odoo's /jsonrpc endpoint (execute_kw), used by the test harness to configure
// a test server the way an admin would, and by the browser tests to ask Odoo directly what a user
// may see (so a test can compare the agent's answer with Odoo's own).

export interface OdooRpcError extends Error {
  /** Odoo's error payload: `data.name` is the exception class, `data.message` its text. */
  odoo?: { message?: string; data?: { name?: string; message?: string } };
}

export async function jsonRpc(odooUrl: string, service: string, method: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(`${odooUrl}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: Date.now(), params: { service, method, args } }),
  });
  if (!response.ok) throw new Error(`${service}.${method}: HTTP ${response.status}`);
  const body = (await response.json()) as { result?: unknown; error?: OdooRpcError['odoo'] };
  if (body.error) {
    const error: OdooRpcError = new Error(`${service}.${method}: ${body.error.data?.message ?? body.error.message ?? 'error'}`);
    error.odoo = body.error;
    throw error;
  }
  return body.result;
}

export interface OdooClient {
  uid: number;
  call<T = unknown>(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<T>;
}

/** Logs in with a password (the demo database's users) and returns a client bound to that user. */
export async function odooClient(odooUrl: string, db: string, login: string, password: string): Promise<OdooClient> {
  const uid = await jsonRpc(odooUrl, 'common', 'login', [db, login, password]);
  if (typeof uid !== 'number' || !uid) throw new Error(`login refused for ${login} on ${db}`);
  return {
    uid,
    call: async <T>(model: string, method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) =>
      (await jsonRpc(odooUrl, 'object', 'execute_kw', [db, uid, password, model, method, args, kwargs])) as T,
  };
}
