// Allowlist for the chart SVG. ECharts' SSR output contains no script, and this filter makes sure
// nothing else can arrive that way either: only shape, text and gradient elements, only
// presentation attributes, url() references only to fragments in the same document, no href at all.
import sanitizeHtml from 'sanitize-html';
import { cleanInlineStyle } from './css.js';

export const SVG_TAGS = [
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan',
  'title', 'desc', 'defs', 'linearGradient', 'radialGradient', 'stop', 'clipPath',
] as const;

export const SVG_PRESENTATION_ATTRIBUTES = [
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'dx', 'dy', 'width', 'height',
  'd', 'points', 'transform', 'viewBox', 'preserveAspectRatio', 'offset', 'gradientUnits', 'gradientTransform',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap',
  'stroke-linejoin', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-miterlimit', 'opacity', 'clip-path',
  'clip-rule', 'stop-color', 'stop-opacity', 'font-size', 'font-family', 'font-weight', 'font-style',
  'text-anchor', 'dominant-baseline', 'alignment-baseline', 'baseline-shift', 'letter-spacing',
  'paint-order', 'visibility', 'display', 'vector-effect', 'shape-rendering', 'text-rendering',
  'id', 'role', 'aria-label', 'style', 'xml:space',
] as const;

const ROOT_ATTRIBUTES = ['xmlns', 'version', 'baseProfile'];
// A url() in a presentation attribute may only point at an element of this same SVG.
const FRAGMENT_URL = /^url\(#[A-Za-z0-9_.:-]+\)$/;

/** Removes attributes whose values could reach outside the document; cleans inline style. */
export function filterUrlAttributes(attribs: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(attribs)) {
    if (name === 'style') {
      const style = cleanInlineStyle(value);
      if (style) kept[name] = style;
    } else if (!/url\s*\(/i.test(value) || FRAGMENT_URL.test(value.trim())) {
      kept[name] = value;
    }
  }
  return kept;
}

const SVG_OPTIONS: sanitizeHtml.IOptions = {
  parser: { xmlMode: true, decodeEntities: true },
  allowedTags: [...SVG_TAGS],
  allowedAttributes: { '*': [...SVG_PRESENTATION_ATTRIBUTES], svg: [...SVG_PRESENTATION_ATTRIBUTES, ...ROOT_ATTRIBUTES] },
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: ['href', 'xlink:href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Disallowed elements whose content must go with them, not be kept as text.
  nonTextTags: ['script', 'style', 'foreignObject', 'iframe', 'noscript', 'template'],
  selfClosing: [],
  transformTags: { '*': (tagName, attribs) => ({ tagName, attribs: filterUrlAttributes(attribs) }) },
};

export function sanitizeSvg(svg: string): string {
  return sanitizeHtml(svg, SVG_OPTIONS).trim();
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}
