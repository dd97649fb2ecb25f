// Loopback servers for the Chromium suite. The "Odoo" server plays the panel's origin: it serves
// the parent page, the open-in-tab route (with the same headers Odoo sends) and records every other
// request (a same-origin GET to an Odoo route is an escape too). The canary server stands for the
// attacker: it records every request and every TCP connection (preconnect opens one without a request).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { SANDBOX_HEADER_CSP } from '../../../../bridge/src/render/report.js';

export interface Recorder {
  hits: string[];
  connections: number;
  reset(): void;
}

function recorder(): Recorder {
  return {
    hits: [],
    connections: 0,
    reset() {
      this.hits.length = 0;
      this.connections = 0;
    },
  };
}

/** Listens on `port`, or on any free port when another run of the suite already holds it. */
async function listen(server: Server, port: number): Promise<number> {
  const attempt = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await attempt(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await attempt(0);
  }
  return (server.address() as AddressInfo).port;
}

export interface CanaryServer extends Recorder {
  port: number;
  close(): Promise<void>;
}

export async function startCanary(port: number): Promise<CanaryServer> {
  const rec = recorder();
  const server = createServer((req, res) => {
    rec.hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('canary');
  });
  server.on('connection', () => rec.connections++);
  const bound = await listen(server, port);
  return Object.assign(rec, { port: bound, close: () => closeServer(server) });
}

const PANEL_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Parley panel (test double)</title>
<style>body{margin:0;font:14px system-ui,sans-serif;background:#f5f5f7}main{padding:16px}
#viewer iframe{display:block;width:100%;border:1px solid #d1d5db;border-radius:8px;background:#fff}</style>
</head><body><main id="app"><h1>Parley</h1><p id="status">untouched</p><div id="viewer"></div></main>
<script src="/harness.js"></script></body></html>`;

let harnessScript: Promise<string> | null = null;

function bundleHarness(): Promise<string> {
  harnessScript ??= build({
    entryPoints: [fileURLToPath(new URL('./panel-entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    // Odoo's own modules the viewer imports; everything else (OWL included) is the real thing.
    alias: {
      '@web/core/network/rpc': fileURLToPath(new URL('./stubs/rpc.ts', import.meta.url)),
      '@web/core/l10n/translation': fileURLToPath(new URL('./stubs/translation.ts', import.meta.url)),
    },
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return harnessScript;
}

export interface OdooDouble extends Recorder {
  port: number;
  origin: string;
  /** Documents served by GET /tab/<key> as Odoo's open-in-tab route would serve them. */
  tabs: Map<string, string>;
  close(): Promise<void>;
}

/** Requests the harness itself makes; anything else reaching this server came from an artifact. */
const OWN_PATHS = new Set(['/panel', '/harness.js']);

export async function startOdooDouble(port: number): Promise<OdooDouble> {
  const rec = recorder();
  const tabs = new Map<string, string>();
  const script = await bundleHarness();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/panel') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PANEL_PAGE);
    } else if (path === '/harness.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(script);
    } else if (path.startsWith('/tab/') && tabs.has(path.slice(5))) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': SANDBOX_HEADER_CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end(tabs.get(path.slice(5)));
    } else {
      rec.hits.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end();
    }
  });
  const bound = await listen(server, port);
  return Object.assign(rec, {
    port: bound,
    origin: `http://127.0.0.1:${bound}`,
    tabs,
    close: () => closeServer(server),
  });
}

export function isHarnessRequest(url: string, origin: string): boolean {
  if (!url.startsWith(origin)) return false;
  const path = new URL(url).pathname;
  return OWN_PATHS.has(path) || path.startsWith('/tab/');
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
