// Prepares a running test Odoo for the browser tests, the way an admin would, over JSON-RPC:
//   - the addon's bridge URL setting points at the test bridge (PARLEY_E2E_BRIDGE_URL);
//   - Odoo's online services (IAP) point at a closed loopback port, web.base.url at the server;
//   - one page load warms the server: right after start, the first burst of parallel asset requests
//     can get an HTTP 500 on Python 3.11.2 (ODOO18-NOTES), which would make the first test flaky.
// Env: PARLEY_E2E_ODOO_URL, PARLEY_E2E_DB, PARLEY_E2E_BRIDGE_URL; admin login/password from
// PARLEY_E2E_ADMIN_LOGIN / PARLEY_E2E_ADMIN_PASSWORD (demo database default: admin / admin).
// Run: node --import tsx scripts/lib/odoo-configure.ts
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
  const warm = await fetch(`${odooUrl}/web/login`);
  await warm.text();
  process.stdout.write(`Odoo configured: ${BRIDGE_URL_PARAM}=${bridgeUrl}; warmed (/web/login: HTTP ${warm.status})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`odoo-configure: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
