// DESIGN §9 as the attack: every payload of the hostile-HTML corpus, in every embedding, runs no
// script, sends no request out of the frame, leaves the panel's DOM alone and navigates nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.js';
import { loadPayloads } from './support/payloads.js';
import { EMBEDDINGS, probe, type Finding, type Lab } from './support/probe.js';
import { startCanary, startOdooDouble } from './support/servers.js';

const PORT_BASE = 18500; // for embedding i: Odoo double on 18500+2i, canary on 18501+2i
const payloads = loadPayloads();
const findings: Finding[] = [];
let browser: Browser;
let labs: Lab[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  labs = await Promise.all(
    EMBEDDINGS.map(async (embedding, i) => ({
      embedding,
      odoo: await startOdooDouble(PORT_BASE + 2 * i),
      canary: await startCanary(PORT_BASE + 2 * i + 1),
    })),
  );
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(labs.flatMap((lab) => [lab.odoo.close(), lab.canary.close()]));
  for (const f of findings.filter((x) => x.scripts.length || x.requests.length || x.parentDomChanged || x.topNavigated || x.frameNavigated)) {
    console.log(`ESCAPE ${f.embedding} ${f.payload}: ${JSON.stringify(f)}`);
  }
  const preconnects = findings.filter((f) => f.connections > 0).map((f) => `${f.embedding}/${f.payload}`);
  const blocked = findings.reduce((n, f) => n + f.blocked.length, 0);
  console.log(`runs ${findings.length} (${EMBEDDINGS.join(', ')}); loads the browser refused before sending: ${blocked}`);
  console.log(`TCP connections to the canary without any request (raw embeddings only): ${preconnects.join(', ') || 'none'}`);
  const scripts = findings.filter((f) => f.scripts.length).length;
  const outbound = findings.reduce((n, f) => n + f.requests.length, 0);
  console.log(`payloads ${new Set(findings.map((f) => f.payload)).size}, scripts ${scripts}, outbound requests ${outbound}`);
});

describe('hostile HTML cannot escape the artifact frame', () => {
  it('has at least 25 payloads, each naming the property it attacks', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(25);
    expect(new Set(payloads.map((p) => p.id)).size).toBe(payloads.length);
    for (const p of payloads) expect(['script', 'network', 'navigation', 'form', 'parent-dom']).toContain(p.attacks);
  });

  for (const payload of payloads) {
    it(`${payload.id} (${payload.attacks}): no script, no request, panel untouched, nothing navigated`, async () => {
      const results = await Promise.all(labs.map((lab) => probe(browser, lab, payload)));
      findings.push(...results);
      for (const r of results) {
        const { embedding } = r;
        expect({ embedding, scripts: r.scripts }).toEqual({ embedding, scripts: [] });
        expect({ embedding, requests: r.requests }).toEqual({ embedding, requests: [] });
        expect({ embedding, parentDomChanged: r.parentDomChanged }).toEqual({ embedding, parentDomChanged: false });
        expect({ embedding, topNavigated: r.topNavigated }).toEqual({ embedding, topNavigated: null });
        expect({ embedding, frameNavigated: r.frameNavigated }).toEqual({ embedding, frameNavigated: null });
        // With the sanitizer in front not even a connection is opened; see the raw note in probe.ts.
        if (!embedding.endsWith('-raw')) expect({ embedding, connections: r.connections }).toEqual({ embedding, connections: 0 });
      }
    });
  }
});
