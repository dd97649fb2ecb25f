// Prepares a running test Odoo for the browser tests, the way an admin would, over JSON-RPC:
//   - the addon's bridge URL setting points at the test bridge (PARLEY_E2E_BRIDGE_URL);
//   - Odoo's online services (IAP) point at a closed loopback port, web.base.url at the server;
//   - the server is warmed before any browser comes: right after start, the first burst of parallel
//     asset requests can get an HTTP 500 on Python 3.11.2 (ODOO18-NOTES), and a backend bundle not
//     generated yet costs the first login many seconds. So the admin loads the web client once and
//     fetches its asset bundles one by one.
// Env: PARLEY_E2E_ODOO_URL, PARLEY_E2E_DB, PARLEY_E2E_BRIDGE_URL; admin login/password from
// PARLEY_E2E_ADMIN_LOGIN / PARLEY_E2E_ADMIN_PASSWORD (demo database default: admin / admin).
// Run: node --import tsx scripts/lib/odoo-configure.ts
import { pathToFileURL } from 'node:url';
import { odooClient } from './odoo-rpc.js';

/** The ir.config_parameter key of the addon's "Bridge URL" setting. */
export const BRIDGE_URL_PARAM = 'parley.bridge_url';

async function main(): Promise<void> {
  const { PARLEY_E2E_ODOO_URL: odooUrl, PARLEY_E2E_DB: db, PARLEY_E2E_BRIDGE_URL: bridgeUrl } = process.env;
  if (!odooUrl || !db || !bridgeUrl) throw new Error('PARLEY_E2E_ODOO_URL, PARLEY_E2E_DB and PARLEY_E2E_BRIDGE_URL are required');
  const admin = await odooClient(
    odooUrl,
    db,
    process.env.PARLEY_E2E_ADMIN_LOGIN ?? 'admin',
    process.env.PARLEY_E2E_ADMIN_PASSWORD ?? 'admin',
  );
  const params: Record<string, string> = {
    [BRIDGE_URL_PARAM]: bridgeUrl,
    'iap.endpoint': 'http://127.0.0.1:9',
    'web.base.url': odooUrl,
    'web.base.url.freeze': 'True',
  };
  for (const [key, value] of Object.entries(params)) {
    await admin.call('ir.config_parameter', 'set_param', [key, value]);
  }
  const bundles = await warmWebClient(odooUrl, db, process.env.PARLEY_E2E_ADMIN_LOGIN ?? 'admin', process.env.PARLEY_E2E_ADMIN_PASSWORD ?? 'admin');
  process.stdout.write(`Odoo configured: ${BRIDGE_URL_PARAM}=${bridgeUrl}; warmed (${bundles} asset bundles loaded)\n`);
}

/** Logs in over HTTP, loads the web client page and each asset bundle it links, in sequence. */
async function warmWebClient(odooUrl: string, db: string, login: string, password: string): Promise<number> {
  await (await fetch(`${odooUrl}/web/login`)).text();
  const auth = await fetch(`${odooUrl}/web/session/authenticate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { db, login, password } }),
  });
  await auth.text();
  const cookie = (auth.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const page = await fetch(`${odooUrl}/odoo`, { headers: { cookie } });
  const html = await page.text();
  if (!page.ok) throw new Error(`warming the web client: GET /odoo answered ${page.status}`);
  const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/web\/assets\/[^"]+)"/g)].map((m) => m[1] ?? ''))];
  for (const asset of assets) {
    const response = await fetch(`${odooUrl}${asset}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`warming the web client: GET ${asset} answered ${response.status}`);
  }
  return assets.length;
}

// Run as a script, not when a test imports BRIDGE_URL_PARAM.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`odoo-configure: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
