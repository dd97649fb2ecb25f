import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPORT_CSP, REPORT_DOCUMENT_PREFIX, SANDBOX_HEADER_CSP, renderReport, wrapReport } from '../../src/render/report.js';
import { ARTIFACT_LIMITS } from '../../src/render/store-artifact.js';
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

// Odoo holds the same strings (the open-in-tab header, the document prefix it insists on); they must
// not drift apart. Python's own parser reads them, so the test does not care how they are spelled.
const ADDON = new URL('../../../odoo_addon/parley/', import.meta.url);
const CONTROLLER = fileURLToPath(new URL('controllers/artifact.py', ADDON));
const MODEL = fileURLToPath(new URL('models/parley_artifact.py', ADDON));

function pythonConstant(file: string, name: string): string {
  const script = [
    'import ast, sys',
    'tree = ast.parse(open(sys.argv[1]).read())',
    'known = {}',
    '# Module-level string constants, in order; a constant may concatenate earlier ones.',
    'for node in tree.body:',
    '    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):',
    '        try:',
    '            known[node.targets[0].id] = eval(compile(ast.Expression(node.value), "c", "eval"), {"__builtins__": {}}, dict(known))',
    '        except Exception:',
    '            pass',
    'print(known[sys.argv[2]], end="")',
  ].join('\n');
  return execFileSync(process.env.PARLEY_SYSTEM_PYTHON ?? '/usr/bin/python3', ['-c', script, file, name], { encoding: 'utf8' });
}

describe('Odoo holds the same CSP strings as the bridge', () => {
  it.skipIf(!existsSync(CONTROLLER))('controllers/artifact.py sends SANDBOX_HEADER_CSP verbatim', () => {
    expect(pythonConstant(CONTROLLER, 'SANDBOX_HEADER_CSP')).toBe(SANDBOX_HEADER_CSP);
  });

  it.skipIf(!existsSync(MODEL))('models/parley_artifact.py stores at most what the bridge checks before sending', () => {
    expect(Number(pythonConstant(MODEL, 'MAX_HTML_CHARS'))).toBe(ARTIFACT_LIMITS.htmlChars);
    expect(Number(pythonConstant(MODEL, 'MAX_SVG_CHARS'))).toBe(ARTIFACT_LIMITS.svgChars);
  });

  it.skipIf(!existsSync(MODEL))('models/parley_artifact.py checks REPORT_CSP and the document prefix verbatim', () => {
    expect(pythonConstant(MODEL, 'REPORT_CSP')).toBe(REPORT_CSP);
    expect(pythonConstant(MODEL, 'DOCUMENT_PREFIX')).toBe(REPORT_DOCUMENT_PREFIX);
  });
});
