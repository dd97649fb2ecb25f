// Stand-in for Odoo's @web/core/network/rpc in the Chromium suite: answers /parley/artifacts/get
// with the artifact the test put on the page, exactly as the Odoo route would shape it.
declare global {
  interface Window {
    __artifact?: unknown;
  }
}

export async function rpc<T = unknown>(url: string, params?: Record<string, unknown>): Promise<T> {
  const artifact = window.__artifact as { id?: unknown } | undefined;
  if (url !== '/parley/artifacts/get' || !artifact || artifact.id !== params?.artifact_id) {
    throw new Error(`unexpected rpc ${url}`);
  }
  return artifact as T;
}
