import { describe, expect, it, vi } from "vitest";

// OWL needs a DOM to load; only its `markup` wrapper is used by render_text, so it is replaced by
// a String subclass that behaves the same (a tagged string).
vi.mock("@odoo/owl", () => {
    class Markup extends String {}
    return { markup: (value: string) => new Markup(value) };
});

const { renderMarkdownToHtml, renderText, isAllowedHref, parseRecordLink, MAX_MARKDOWN_CHARS } = await import(
    "../src/render_text.js"
);

const ALLOWED_TAGS = new Set([
    "p", "br", "strong", "em", "s", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "div", "table", "thead", "tbody", "tr", "th", "td",
]);
const ALLOWED_ATTRS = new Set([
    "href", "title", "target", "rel", "class", "style", "start", "role", "tabindex",
    "data-parley-model", "data-parley-res-id",
]);

/**
 * The safety invariant: with raw HTML off every `<` in the output starts a tag markdown-it wrote.
 * Each tag must be on the allowlist, each attribute too, every href must be allowed, no `on*`
 * handler, no `src`, and `style` only the table alignment markdown-it emits.
 */
function assertSafe(html: string): void {
    const tagPattern = /<(\/?)([a-zA-Z0-9-]+)((?:\s+[a-zA-Z0-9-]+(?:="[^"]*")?)*)\s*\/?>/g;
    const stripped = html.replace(tagPattern, (_whole, _close: string, name: string, attrs: string) => {
        expect(ALLOWED_TAGS.has(name.toLowerCase()), `tag <${name}> in ${html}`).toBe(true);
        for (const attr of attrs.matchAll(/([a-zA-Z0-9-]+)(?:="([^"]*)")?/g)) {
            const [, attrName = "", value = ""] = attr;
            expect(ALLOWED_ATTRS.has(attrName), `attribute ${attrName} in ${html}`).toBe(true);
            if (attrName === "href") {
                expect(isAllowedHref(value.replace(/&amp;/g, "&")), `href ${value}`).toBe(true);
                expect(value).toMatch(/^(https?:\/\/|mailto:)/i);
            }
            if (attrName === "style") {
                expect(value).toMatch(/^text-align:(left|right|center)$/);
            }
        }
        return "";
    });
    expect(stripped, `a stray "<" means raw markup got through: ${html}`).not.toContain("<");
    expect(html).not.toMatch(/<(script|img|iframe|svg|object|embed|style|form|input|link|meta)\b/i);
}

const JAVASCRIPT_SPELLINGS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "<javascript:alert(1)>",
    "<java\tscript:alert(1)>",
    "<java\nscript:alert(1)>",
    "java%0ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106&#0000097vascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "javascript&colon;alert(1)",
    "\\javascript:alert(1)",
    "%6Aavascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//evil.example/x",
    "ftp://evil.example/x",
];

describe("render_text refuses hostile model output", () => {
    it("escapes a script tag instead of emitting it", () => {
        const html = renderMarkdownToHtml("hello <script>alert(1)</script>");
        assertSafe(html);
        expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    });

    it("escapes an img with onerror, inline and as a raw HTML block", () => {
        for (const input of ['<img src=x onerror="alert(1)">', 'text <img src=x onerror=alert(1)> more', "<div>\n<img src=x onerror=alert(1)>\n</div>"]) {
            const html = renderMarkdownToHtml(input);
            assertSafe(html);
            expect(html).toContain("&lt;img");
        }
    });

    it("escapes raw HTML blocks, comments, iframes, svg and style", () => {
        const inputs = [
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)><circle/></svg>",
            "<style>body{display:none}</style>",
            "<!-- comment --><b onclick=alert(1)>x</b>",
            "<details open ontoggle=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<form action=https://evil.example><input name=x></form>",
        ];
        for (const input of inputs) {
            assertSafe(renderMarkdownToHtml(input));
        }
    });

    it.each(JAVASCRIPT_SPELLINGS)("renders a link to %j as text, never as a link", (url) => {
        for (const input of [`[click](${url})`, `<${url}>`, `[click][r]\n\n[r]: ${url}`, `see ${url} now`]) {
            const html = renderMarkdownToHtml(input);
            assertSafe(html);
            expect(html, input).not.toContain("<a");
        }
    });

    it("keeps a refused link as its literal text", () => {
        const html = renderMarkdownToHtml("[press here](javascript:alert(1)) please");
        expect(html).toBe("<p>[press here](javascript:alert(1)) please</p>\n");
    });

    it("drops the anchor of a link whose destination is empty", () => {
        expect(renderMarkdownToHtml("[press here]() please")).toBe("<p>press here please</p>\n");
    });

    it("does not load a markdown image from a remote host", () => {
        const html = renderMarkdownToHtml("![tracker](https://evil.example/pixel.png)");
        assertSafe(html);
        expect(html).not.toContain("<img");
        expect(html).not.toContain("src=");
    });

    it("does not load an image through a reference definition or a data URL", () => {
        for (const input of ["![x][p]\n\n[p]: https://evil.example/p.png", "![x](data:image/png;base64,AAAA)"]) {
            const html = renderMarkdownToHtml(input);
            assertSafe(html);
            expect(html).not.toContain("<img");
        }
    });

    it("keeps HTML entities as text, never decoding them into tags", () => {
        const html = renderMarkdownToHtml("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;img src=x onerror=alert(1)&#62;");
        assertSafe(html);
        expect(html).toContain("&lt;script&gt;");
        expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    });

    it("escapes quotes in a link title and URL so no attribute can be injected", () => {
        const html = renderMarkdownToHtml('[x](https://ok.example/" onmouseover="alert(1) "t\\" onclick=\\"alert(1)")');
        assertSafe(html);
        expect(html).not.toMatch(/<[^>]*\son\w+=/);
    });

    it("survives emphasis, bracket and nesting bombs quickly", () => {
        // Big enough that quadratic behaviour would take minutes; linear parsing takes well under 1 s.
        const bombs = [
            "*".repeat(25_000),
            "_a".repeat(15_000),
            "**a".repeat(10_000),
            "[".repeat(15_000) + "x" + "]".repeat(15_000),
            "[a](".repeat(10_000),
            ">".repeat(20_000) + " deep",
            "- ".repeat(5_000) + "x",
            "`".repeat(30_000),
            "<".repeat(30_000),
            "a|".repeat(5_000) + "\n" + "-|".repeat(5_000),
            "*a ".repeat(10_000) + "*",
            "https://a.example/".repeat(3_000),
        ];
        for (const bomb of bombs) {
            const started = performance.now();
            const html = renderMarkdownToHtml(bomb);
            const elapsed = performance.now() - started;
            expect(elapsed, `${bomb.slice(0, 12)}… took ${elapsed} ms`).toBeLessThan(3000);
            assertSafe(html);
        }
    });

    it("shows oversized text as escaped plain text", () => {
        const html = renderMarkdownToHtml("<b>".repeat(MAX_MARKDOWN_CHARS));
        expect(html.startsWith('<pre class="o_parley_plain">&lt;b&gt;')).toBe(true);
        assertSafe(html);
    });
});

describe("render_text renders what the model may use", () => {
    it("renders external links opening in a new tab without referrer or opener", () => {
        const html = renderMarkdownToHtml("[docs](https://www.odoo.com/documentation) and <https://example.com/a?b=1&c=2>");
        assertSafe(html);
        expect(html).toContain('<a href="https://www.odoo.com/documentation" target="_blank" rel="noopener noreferrer">docs</a>');
        expect(html).toContain('href="https://example.com/a?b=1&amp;c=2"');
    });

    it("linkifies full http URLs but not bare domains", () => {
        const html = renderMarkdownToHtml("see https://example.com/x and example.org");
        assertSafe(html);
        expect(html).toContain('<a href="https://example.com/x"');
        expect(html).not.toContain('href="http://example.org"');
    });

    it("allows mailto links", () => {
        const html = renderMarkdownToHtml("[mail](mailto:someone@example.com) <other@example.com>");
        assertSafe(html);
        expect(html).toContain('href="mailto:someone@example.com"');
        expect(html).toContain('href="mailto:other@example.com"');
    });

    it("turns record links into in-app links without a URL", () => {
        const html = renderMarkdownToHtml("[Azure Interior](odoo://res.partner/7) and odoo://sale.order/42");
        assertSafe(html);
        expect(html).toContain(
            '<a class="o_parley_record_link" data-parley-model="res.partner" data-parley-res-id="7" role="link" tabindex="0">Azure Interior</a>',
        );
        expect(html).toContain('data-parley-model="sale.order" data-parley-res-id="42"');
        expect(html).not.toContain("odoo://res.partner");
    });

    it("refuses record links that are not a model and a positive id", () => {
        for (const input of ["[x](odoo://res.partner/0)", "[x](odoo://Res.Partner/7)", "[x](odoo://res.partner/7/../../x)", "[x](odoo://res.partner/7?x=1)", '[x](odoo://res.partner"/7)', "odoo://res.partner/7x", "odoo://res.partner/7/../x"]) {
            const html = renderMarkdownToHtml(input);
            assertSafe(html);
            expect(html, input).not.toContain("<a");
        }
    });

    it("renders markdown tables with Odoo table classes", () => {
        const html = renderMarkdownToHtml("| name | country |\n|:--|--:|\n| Azure | Belgium |");
        assertSafe(html);
        expect(html).toContain('<div class="o_parley_table_wrap"><table class="table table-sm table-bordered o_parley_table">');
        expect(html).toContain("</table></div>");
        expect(html).toContain('<td style="text-align:right">Belgium</td>');
    });

    it("renders emphasis, code and line breaks", () => {
        const html = renderMarkdownToHtml("**bold** _it_ `code`\nnext");
        expect(html).toBe("<p><strong>bold</strong> <em>it</em> <code>code</code><br>\nnext</p>\n");
    });

    it("wraps the result in OWL markup", () => {
        const result = renderText("**x**");
        expect(String(result)).toBe("<p><strong>x</strong></p>\n");
        expect(result).toBeInstanceOf(String);
    });

    it("parses record links strictly", () => {
        expect(parseRecordLink("odoo://res.partner/7")).toEqual({ model: "res.partner", resId: 7 });
        expect(parseRecordLink("odoo://res.partner/7x")).toBeNull();
        expect(parseRecordLink("https://res.partner/7")).toBeNull();
    });
});
