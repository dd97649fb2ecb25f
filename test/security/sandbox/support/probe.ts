// Runs one payload in one embedding and reports what got out. The embeddings:
//   panel      model HTML → sanitizeReportHtml → wrapReport → the panel's ArtifactViewer (OWL):
//              <iframe sandbox="allow-same-origin" t-att-srcdoc>
//   panel-raw  the payload NOT sanitized, only wrapped in the CSP document: the sandbox and the CSP alone
//   tab        the sanitized document as a top-level page from the open-in-tab route (CSP sandbox header)
//   tab-raw    the unsanitized CSP document from the same route: the header alone
//   print      the sanitized document in the print frame (sandbox adds allow-modals, see print_frame.ts)
// In the sanitized embeddings every link, button and input is also clicked. The raw ones are only
// loaded: a user's click on a plain link navigates a frame whatever the sandbox says, and removing
// such links is the sanitizer's job — the raw runs prove that nothing happens without a click.
// One thing the raw runs do show: for a nested <iframe src=remote>, which the CSP refuses, Chromium
// still opens a TCP connection to the host (no request is sent). The sanitizer removes iframes, so
// the sanitized embeddings are held to zero connections too.
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Frame, Page, Request } from 'playwright-core';
import { renderReport, wrapReport } from '../../../../bridge/src/render/report.js';
import { PRINT_SANDBOX } from '../../../../web/src/components/artifact_viewer/print_frame.js';
import { instantiate, type Payload } from './payloads.js';
import type { CanaryServer, OdooDouble } from './servers.js';

export const EMBEDDINGS = ['panel', 'panel-raw', 'tab', 'tab-raw', 'print'] as const;
export type Embedding = (typeof EMBEDDINGS)[number];

export interface Lab {
  embedding: Embedding;
  odoo: OdooDouble;
  canary: CanaryServer;
}

export interface Finding {
  embedding: Embedding;
  payload: string;
  scripts: string[];
  requests: string[];
  /** Attempts the browser refused before sending (CSP, sandbox): evidence the payload really tried. */
  blocked: string[];
  /** TCP connections the canary accepted (a preconnect opens one without sending a request). */
  connections: number;
  dialogs: number;
  parentDomChanged: boolean;
  topNavigated: string | null;
  /** The artifact frame's URL when it is no longer the srcdoc document (panel embeddings). */
  frameNavigated: string | null;
}

const SETTLE_MS = 250;

export async function probe(browser: Browser, lab: Lab, payload: Payload): Promise<Finding> {
  const html = instantiate(payload.html, lab.canary.port);
  const sanitized = !lab.embedding.endsWith('-raw');
  const doc = sanitized ? renderReport({ title: payload.id, html }) : wrapReport({ title: payload.id, bodyHtml: html });
  lab.odoo.reset();
  lab.canary.reset();
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  try {
    return await run(context, lab, payload, doc, sanitized);
  } finally {
    await context.close();
  }
}

async function run(context: BrowserContext, lab: Lab, payload: Payload, doc: string, click: boolean): Promise<Finding> {
  const tab = lab.embedding.startsWith('tab');
  const start = tab ? `${lab.odoo.origin}/tab/${payload.id}` : `${lab.odoo.origin}/panel`;
  const allowed = new Set(tab ? [start] : [start, `${lab.odoo.origin}/harness.js`]);
  // Chromium reports a request it refused as a failed request with a blocked reason: "csp"
  // (DevTools' "(blocked:csp)", net::ERR_BLOCKED_BY_CSP for documents), or "origin" for a
  // cross-origin SVG <use>: attempted, never sent. Those are counted apart; any other
  // request of the artifact's — answered or failed on the network — left the frame.
  const attempts = new Map<Request, string>();
  const blocked: string[] = [];
  let dialogs = 0;
  context.on('request', (request) => {
    if (!allowed.has(request.url())) attempts.set(request, `${request.method()} ${request.url()}`);
  });
  context.on('requestfailed', (request) => {
    const label = attempts.get(request);
    const reason = request.failure()?.errorText ?? '';
    if (label && /^(csp|origin|mixed-content)$|ERR_BLOCKED_BY_CSP/.test(reason)) {
      attempts.delete(request);
      blocked.push(`${label} (${reason})`);
    }
  });
  context.on('page', (page) => page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  }));
  if (tab) lab.odoo.tabs.set(payload.id, doc);
  const page = await context.newPage();
  await page.goto(start);
  let navigatedTo: string | null = null;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && stripHash(frame.url()) !== start) navigatedTo = frame.url();
  });

  const before = tab ? '' : await parentDomHash(page);
  if (lab.embedding === 'print') {
    await page.evaluate(([artifact, flags]) => window.mountArtifact(artifact, flags), [doc, PRINT_SANDBOX] as const);
  } else if (!tab) {
    // The panel's real ArtifactViewer (OWL) shows the report, as in Odoo.
    const artifact = { id: 1, kind: 'report', title: payload.id, html: doc, svg: null, source: null } as const;
    await page.evaluate((a) => window.mountViewer({ ...a }), artifact);
  }
  await page.waitForTimeout(SETTLE_MS);
  const content = tab ? page.mainFrame() : page.frames().find((f) => f !== page.mainFrame());
  if (click && content) await clickEverything(page, content);
  await page.waitForTimeout(click ? SETTLE_MS : 0);

  const scripts: string[] = [];
  if (!tab && (await page.evaluate(() => '__pwned' in window))) scripts.push('parent.__pwned set');
  if (!tab && (await frameSentinel(page))) scripts.push('frame window.__pwned set');
  if (tab && (await page.evaluate(() => '__pwned' in window).catch(() => false))) scripts.push('tab window.__pwned set');
  if (dialogs) scripts.push(`${dialogs} dialog(s)`);
  if (lab.canary.hits.some((h) => h.includes('/js'))) scripts.push('canary saw the script fetch');
  const outbound = [
    ...attempts.values(),
    ...lab.canary.hits.map((h) => `canary ${h}`),
    ...lab.odoo.hits.map((h) => `same-origin ${h}`),
  ];
  return {
    embedding: lab.embedding,
    payload: payload.id,
    scripts,
    requests: outbound,
    blocked,
    connections: lab.canary.connections,
    dialogs,
    parentDomChanged: tab ? false : before !== (await parentDomHash(page)),
    topNavigated: navigatedTo ?? (stripHash(page.url()) !== start ? page.url() : null),
    frameNavigated: !tab && content && stripHash(content.url()) !== 'about:srcdoc' ? content.url() : null,
  };
}

/** The panel's DOM, minus the frame's own sizing style (which the parent sets on purpose). */
function parentDomHash(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const clone = document.documentElement.cloneNode(true) as HTMLElement;
      clone.querySelector('#viewer')?.replaceChildren();
      return `${document.title}|${location.href}|${new XMLSerializer().serializeToString(clone)}`;
    })
    .then((text) => createHash('sha256').update(text).digest('hex'));
}

function frameSentinel(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const win = document.querySelector('iframe')?.contentWindow as (Window & { __pwned?: unknown }) | null;
    try {
      return win ? '__pwned' in win : false;
    } catch {
      return false; // cross-origin now: the frame navigated away, which the request count reports
    }
  });
}

/** A real mouse click (trusted event) at the centre of every link, button and input in the frame. */
async function clickEverything(page: Page, frame: Frame): Promise<void> {
  const targets = await frame.$$('a, button, input, summary, [href], [tabindex]').catch(() => []);
  const boxes = await Promise.all(targets.map((target) => target.boundingBox().catch(() => null)));
  for (const box of boxes) {
    if (box && box.width > 0 && box.height > 0) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
}

function stripHash(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}
