import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPORT_CSP, REPORT_DOCUMENT_PREFIX, SANDBOX_HEADER_CSP, renderReport, wrapReport } from '../../src/render/report.js';
import { REPORT_STYLESHEET } from '../../src/render/report-style.js';

describe('an artifact document is governed by the CSP from its first head element', () => {
  it('uses the CSP of DESIGN §9 exactly', () => {
    expect(REPORT_CSP).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'");
    expect(SANDBOX_HEADER_CSP).toBe(
      "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'self'",
    );
  });

  it('puts the CSP meta first in <head>, then charset, title and the stylesheet', () => {
    const doc = wrapReport({ title: 'Q2 </title><script>x</script>', bodyHtml: '<p>x</p>' });
    expect(doc.startsWith(REPORT_DOCUMENT_PREFIX)).toBe(true);
    const head = doc.slice(doc.indexOf('<head>') + 6, doc.indexOf('</head>'));
    expect(head.startsWith(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`)).toBe(true);
    expect(head.indexOf('<meta charset="utf-8">')).toBeGreaterThan(0);
    expect(head).toContain('<title>Q2 &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>');
    expect(doc).not.toContain('<script');
  });

  it('ships a stylesheet that loads nothing', () => {
    expect(REPORT_STYLESHEET).not.toMatch(/url\s*\(|@import|@font-face/i);
    expect(REPORT_STYLESHEET).toContain('@media print');
  });

  it('refuses a hostile lang value', () => {
    expect(wrapReport({ title: 't', bodyHtml: '', lang: '"><script>' })).toContain('lang="en"');
    expect(wrapReport({ title: 't', bodyHtml: '', lang: 'fr_BE' })).toContain('lang="fr-BE"');
  });

  it('sanitizes before wrapping in renderReport', () => {
    const doc = renderReport({ title: 't', html: '<p>ok</p><script>x()</script>' });
    expect(doc).toContain('<p>ok</p>');
    expect(doc).not.toContain('x()');
  });
});

// The open-in-tab route in Odoo sends the same header; the two constants must not drift apart.
const CONTROLLER = new URL('../../../odoo_addon/parley/controllers/artifact.py', import.meta.url);

describe('Odoo serves the open-in-tab route with the same sandbox CSP', () => {
  it.skipIf(!existsSync(CONTROLLER))('controllers/artifact.py holds SANDBOX_HEADER_CSP verbatim', () => {
    const python = readFileSync(CONTROLLER, 'utf8');
    const match = /^SANDBOX_HEADER_CSP\s*=\s*\(?\s*((?:["'][^\n]*["']\s*)+)\)?/m.exec(python);
    expect(match, 'SANDBOX_HEADER_CSP = "…" in artifact.py').not.toBeNull();
    const literal = [...(match?.[1] ?? '').matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]).join('');
    expect(literal).toBe(SANDBOX_HEADER_CSP);
  });

  it.skipIf(!existsSync(CONTROLLER))('controllers/artifact.py checks the same document prefix', () => {
    const python = readFileSync(CONTROLLER, 'utf8');
    expect(python).toContain('REPORT_CSP');
  });
});
