// render_report's core. Model-written HTML is untrusted (the model may be repeating a hostile record),
// so it passes an allowlist: structure, text, tables, data: images and inline SVG shapes — nothing
// that runs, loads, submits or navigates. The result is wrapped in a document whose first head
// element is a CSP that forbids every load except data: images and fonts; the panel then shows it
// in <iframe sandbox="allow-same-origin"> (no allow-scripts). Each layer must hold alone.
import sanitizeHtml from 'sanitize-html';
import { cleanInlineStyle } from './css.js';
import { SVG_PRESENTATION_ATTRIBUTES, SVG_TAGS, xmlEscape } from './svg-sanitize.js';
import { REPORT_STYLESHEET } from './report-style.js';

/** The CSP of DESIGN §9, first element of every wrapped artifact's <head>. */
export const REPORT_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'";

/** Header for Odoo's open-in-tab route; odoo_addon/parley/controllers/artifact.py holds the same string. */
export const SANDBOX_HEADER_CSP = `sandbox; ${REPORT_CSP}; frame-ancestors 'self'`;

/** Every wrapped document starts with exactly this; Odoo refuses to store artifacts that do not. */
export const REPORT_DOCUMENT_PREFIX = `<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`;

const HTML_TAGS = [
  'address', 'article', 'aside', 'footer', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup', 'main',
  'section', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'hr', 'li', 'ol', 'p', 'pre',
  'ul', 'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'dfn', 'em', 'i', 'kbd', 'mark', 'q',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'del', 'ins',
  'caption', 'col', 'colgroup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'img',
  'details', 'summary',
];

// The HTML parser lower-cases attribute names (viewBox → viewbox; the browser restores SVG's
// camelCase) but keeps a tag's case inside <svg> (linearGradient); both spellings are listed.
const SVG_TAG_NAMES = [...new Set([...SVG_TAGS, ...SVG_TAGS.map((tag) => tag.toLowerCase())])];
const SVG_ATTRIBUTES_LOWER = SVG_PRESENTATION_ATTRIBUTES.map((name) => name.toLowerCase());

const GLOBAL_ATTRIBUTES = ['class', 'id', 'title', 'lang', 'dir', 'style', 'role', 'aria-label', 'aria-hidden', 'aria-describedby'];

// Elements whose content goes with them: raw-text elements and containers of fallback or foreign
// content, where keeping the inside as text would invite parser-differential (mutation XSS) tricks.
const DROP_WITH_CONTENT = [
  'script', 'style', 'textarea', 'option', 'select', 'xmp', 'noscript', 'noembed', 'noframes', 'iframe',
  'template', 'object', 'math', 'foreignobject', 'foreignObject', 'plaintext', 'head', 'frameset',
];

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/i;
const FRAGMENT_URL = /^url\(#[A-Za-z0-9_.:-]+\)$/;

/** Attribute values are entity-decoded by the parser before this runs, so `&#106;avascript:` is seen as such. */
function filterAttributes(tagName: string, attribs: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(attribs)) {
    if (name === 'style') {
      const style = cleanInlineStyle(value);
      if (style) kept[name] = style;
    } else if (name === 'href' || name === 'xlink:href') {
      // Not even "#fragment": a srcdoc document resolves URLs against the parent's URL, so a click
      // on href="#x" navigates the frame to <panel URL>#x, a new document. Links become plain text.
      continue;
    } else if (name === 'src') {
      if (tagName === 'img' && DATA_IMAGE.test(value.trim())) kept[name] = value.trim();
    } else if (/url\s*\(/i.test(value)) {
      if (FRAGMENT_URL.test(value.trim())) kept[name] = value.trim();
    } else {
      kept[name] = value;
    }
  }
  return kept;
}

const REPORT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...HTML_TAGS, ...SVG_TAG_NAMES],
  allowedAttributes: {
    '*': GLOBAL_ATTRIBUTES,
    a: ['name'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan', 'headers', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'headers', 'scope', 'align', 'valign', 'abbr'],
    col: ['span', 'width'],
    colgroup: ['span', 'width'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    time: ['datetime'],
    data: ['value'],
    details: ['open'],
    table: ['summary'],
    ...Object.fromEntries(SVG_TAG_NAMES.map((tag) => [tag, [...SVG_ATTRIBUTES_LOWER, ...(tag === 'svg' ? ['xmlns'] : [])]])),
  },
  allowedSchemes: [],
  allowedSchemesByTag: { img: ['data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'background', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_WITH_CONTENT,
  nestingLimit: 100,
  selfClosing: ['img', 'br', 'hr', 'wbr', 'col'],
  transformTags: { '*': (tagName, attribs) => ({ tagName, attribs: filterAttributes(tagName, attribs) }) },
};

export function sanitizeReportHtml(html: string): string {
  return sanitizeHtml(html, REPORT_OPTIONS);
}

export interface WrapOptions {
  title: string;
  /** Already sanitized: wrapReport does not sanitize again. */
  bodyHtml: string;
  lang?: string;
}

/** A complete, self-contained document; the CSP meta comes before anything that could load. */
export function wrapReport({ title, bodyHtml, lang }: WrapOptions): string {
  const safeLang = lang && /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/.test(lang) ? lang.replace('_', '-') : 'en';
  return (
    `${REPORT_DOCUMENT_PREFIX}<meta charset="utf-8">` +
    '<meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light">' +
    `<title>${xmlEscape(title)}</title><style>${REPORT_STYLESHEET}</style></head>\n` +
    `<body><article class="parley-report" lang="${xmlEscape(safeLang)}">\n${bodyHtml}\n</article></body></html>\n`
  );
}

/** The user-facing report: sanitize, then wrap. */
export function renderReport(input: { title: string; html: string; lang?: string }): string {
  return wrapReport({ title: input.title, bodyHtml: sanitizeReportHtml(input.html), lang: input.lang });
}
