import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sanitizeReportHtml } from '../../src/render/report.js';

const corpus = (JSON.parse(readFileSync(new URL('../../../test/fixtures/hostile-html/payloads.json', import.meta.url), 'utf8')) as {
  payloads: { id: string; html: string }[];
}).payloads;
const fill = (html: string) =>
  html.replaceAll('{{JS_ATTR}}', 'top.__pwned=1').replaceAll('{{JS}}', 'top.__pwned=1').replaceAll('{{CANARY_PORT}}', '9').replaceAll('{{CANARY}}', 'http://127.0.0.1:9');

// What must never survive, whatever the payload: elements that run, load, submit, navigate or
// embed; handler attributes; any URL-bearing attribute except data: images.
const FORBIDDEN_ELEMENTS = /<(script|iframe|object|embed|link|meta|base|form|input|button|textarea|select|style|noscript|math|mglyph|image|use|animate|set|foreignobject|video|audio|source|track|picture|frame|template)[\s/>]/i;
const HANDLER = /<[^>]*\son[a-z]+\s*=/i;
const URL_ATTRIBUTE = /\s(href|xlink:href|src|srcset|srcdoc|action|formaction|poster|background|ping|data|cite)\s*=\s*"(?!data:image\/)/i;

describe('the report sanitizer removes everything that could run, load, submit or navigate', () => {
  it.each(corpus.map((p) => [p.id, p.html]))('%s', (_id, html) => {
    const clean = sanitizeReportHtml(fill(html));
    expect(clean).not.toMatch(FORBIDDEN_ELEMENTS);
    expect(clean).not.toMatch(HANDLER);
    expect(clean).not.toMatch(URL_ATTRIBUTE);
    expect(clean).not.toMatch(/javascript:|url\s*\(|@import|expression\s*\(|behavior|binding/i);
  });

  it('drops every href, even "#fragment" (in srcdoc it resolves against the panel URL and navigates the frame)', () => {
    expect(sanitizeReportHtml('<a href="#totals" id="t">totals</a>')).toBe('<a id="t">totals</a>');
  });

  it('keeps data: images of raster types only, without srcset', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitizeReportHtml(`<img src="${png}" alt="logo" srcset="x 1x">`)).toBe(`<img src="${png}" alt="logo" />`);
    expect(sanitizeReportHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=">')).toBe('<img />');
    expect(sanitizeReportHtml('<img src="data:text/html;base64,PHNjcmlwdD4=">')).toBe('<img />');
  });

  it('keeps inline style, minus declarations that could load or run anything', () => {
    expect(sanitizeReportHtml('<p style="color:#b91c1c;font-weight:600">late</p>')).toBe('<p style="color:#b91c1c;font-weight:600">late</p>');
    expect(sanitizeReportHtml('<p style="color:red;background:url(http://x/y.png)">a</p>')).toBe('<p style="color:red">a</p>');
    expect(sanitizeReportHtml('<p style="background:u\\72l(http://x)">a</p>')).toBe('<p>a</p>');
    expect(sanitizeReportHtml('<p style="background:&#117;rl(http://x)">a</p>')).toBe('<p>a</p>');
    expect(sanitizeReportHtml('<p style="width:expression(alert(1))">a</p>')).toBe('<p>a</p>');
  });

  it('keeps the structure a report needs', () => {
    const html =
      '<h1>Overdue</h1><p class="muted">as of <time datetime="2025-06-30">30 June</time></p>' +
      '<table><caption>Top</caption><thead><tr><th scope="col">Customer</th><th class="num">Due</th></tr></thead>' +
      '<tbody><tr><td>Azure &amp; Co</td><td class="num">1,200.00</td></tr></tbody></table>' +
      '<ul><li><strong>b</strong> <em>i</em> <code>c</code></li></ul><details open><summary>More</summary>x</details>';
    expect(sanitizeReportHtml(html)).toBe(html);
  });

  it('keeps inline SVG shapes with presentation attributes and fragment-only url() references', () => {
    const svg =
      '<svg viewBox="0 0 10 10" width="100"><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"></stop></linearGradient></defs>' +
      '<rect width="10" height="5" fill="url(#g)"></rect><path d="M0 0L10 10" stroke="red"></path><text x="1" y="9">t</text></svg>';
    const clean = sanitizeReportHtml(svg);
    expect(clean).toContain('<rect width="10" height="5" fill="url(#g)"></rect>');
    expect(clean).toContain('<linearGradient id="g">');
    expect(clean).toContain('viewbox="0 0 10 10"');
    expect(sanitizeReportHtml('<svg><rect fill="url(http://x/#g)"></rect></svg>')).toBe('<svg><rect></rect></svg>');
  });

  it('drops a whole pasted document head (title, style, meta) but keeps the body', () => {
    const clean = sanitizeReportHtml('<html><head><title>x</title><style>p{}</style></head><body><p>kept</p></body></html>');
    expect(clean).toBe('<p>kept</p>');
  });

  it('escapes text, so markup in record names stays text', () => {
    expect(sanitizeReportHtml('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>')).not.toContain('<script');
    expect(sanitizeReportHtml('<p title="&quot;><script>x</script>">t</p>')).toBe('<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">t</p>');
  });
});
