// THE one audited place where model text becomes markup (DESIGN §1: model output is untrusted).
// ESLint forbids importing OWL's `markup` anywhere else. Everything the model writes is markdown
// rendered by markdown-it with raw HTML off; the only tags that can come out are the ones
// markdown-it itself emits, images are switched off (no remote loads), and a link survives only if
// it points to http(s), mailto or an Odoo record (`odoo://<model>/<id>`); any other link stays text.

import MarkdownIt, { type MarkdownIt as Md, type StateCore } from "markdown-it";
import { markup } from "@odoo/owl";

/** Longer text is shown as plain escaped text: no markdown parse of arbitrarily large input. */
export const MAX_MARKDOWN_CHARS = 100_000;

const RECORD_LINK = /^odoo:\/\/([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\/([1-9][0-9]{0,11})$/;
const EXTERNAL_LINK = /^(?:https?:\/\/[^\s/]|mailto:[^\s])/i;

/** Called by markdown-it on every link, autolink and linkified URL after normalisation. */
export function isAllowedHref(href: string): boolean {
    return EXTERNAL_LINK.test(href) || RECORD_LINK.test(href);
}

/** `odoo://res.partner/7` → `{model, resId}`; anything else → null. */
export function parseRecordLink(href: string): { model: string; resId: number } | null {
    const match = RECORD_LINK.exec(href);
    return match && match[1] && match[2] ? { model: match[1], resId: Number(match[2]) } : null;
}

function createRenderer(): Md {
    const md = new MarkdownIt("default", {
        html: false,
        linkify: true,
        typographer: false,
        breaks: true,
    });
    md.disable(["image"]);
    md.validateLink = isAllowedHref;
    // Linkify only full URLs with an allowed scheme, and bare record links; no "example.com" guessing.
    md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
    md.linkify.add("ftp:", null);
    md.linkify.add("//", null);
    md.linkify.add("odoo:", {
        validate(text: string, pos: number): number {
            // Whole record links only: "odoo://res.partner/7x" or ".../7/../x" stay text.
            const match = /^\/\/[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\/[1-9][0-9]{0,11}(?!\.?[A-Za-z0-9_/?#&=%-])/.exec(text.slice(pos));
            return match ? match[0].length : 0;
        },
    });
    md.core.ruler.push("parley_drop_refused_links", dropRefusedLinks);
    md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
        const token = tokens[idx];
        if (!token) {
            return "";
        }
        const record = parseRecordLink(String(token.attrGet("href") ?? ""));
        if (record) {
            // No href: the panel turns a click into in-app navigation (action service), never a URL.
            token.attrs = [
                ["class", "o_parley_record_link"],
                ["data-parley-model", record.model],
                ["data-parley-res-id", String(record.resId)],
                ["role", "link"],
                ["tabindex", "0"],
            ];
        } else {
            token.attrSet("target", "_blank");
            token.attrSet("rel", "noopener noreferrer");
        }
        return self.renderToken(tokens, idx, options);
    };
    // Wide tables scroll inside their own box instead of stretching the bubble.
    md.renderer.rules.table_open = () => '<div class="o_parley_table_wrap"><table class="table table-sm table-bordered o_parley_table">\n';
    md.renderer.rules.table_close = () => "</table></div>\n";
    return md;
}

/**
 * markdown-it keeps `[text](refused-url)` as a link with `href=""`; we want the text alone, so the
 * open/close pair of any link whose href is not allowed is removed and its children stay.
 */
function dropRefusedLinks(state: StateCore): void {
    for (const block of state.tokens) {
        if (block.type !== "inline" || !block.children) {
            continue;
        }
        const dropStack: boolean[] = [];
        block.children = block.children.filter((token) => {
            if (token.type === "link_open") {
                const drop = !isAllowedHref(String(token.attrGet("href") ?? ""));
                dropStack.push(drop);
                return !drop;
            }
            if (token.type === "link_close") {
                return !dropStack.pop();
            }
            return true;
        });
    }
}

const renderer = createRenderer();

function escapeHtml(text: string): string {
    return text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&#39;");
}

/** Model text → HTML string. Exported for tests; components use `renderText`. */
export function renderMarkdownToHtml(text: string): string {
    const source = typeof text === "string" ? text : String(text ?? "");
    if (source.length > MAX_MARKDOWN_CHARS) {
        return `<pre class="o_parley_plain">${escapeHtml(source)}</pre>`;
    }
    return renderer.render(source);
}

/** Model text → OWL Markup, for `t-out`. */
export function renderText(text: string): ReturnType<typeof markup> {
    return markup(renderMarkdownToHtml(text));
}
