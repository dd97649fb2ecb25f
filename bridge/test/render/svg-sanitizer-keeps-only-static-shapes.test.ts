// The chart SVG passes an allowlist even though ECharts emits no script: if the library ever did
// (or a label slipped through), this layer alone must still produce an inert picture.
import { describe, expect, it } from 'vitest';
import { sanitizeSvg } from '../../src/render/svg-sanitize.js';
import { checkWellFormedXml } from './support/xml.js';

const wrap = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">${inner}</svg>`;

describe('the chart SVG allowlist', () => {
  it.each([
    ['script element', '<script>parent.__pwned=1</script>', /script|__pwned/],
    ['script with href', '<script href="//evil/x.js"/>', /script|evil/],
    ['onload handler', '<rect width="5" height="5" onload="x()"/>', /onload|x\(\)/],
    ['foreignObject with HTML', '<foreignObject><img src="x" onerror="x()"/></foreignObject>', /foreignObject|img|onerror/],
    ['remote image', '<image href="//evil/p.png" width="5" height="5"/>', /image|evil/],
    ['use of a remote sprite', '<use href="//evil/s.svg#x"/>', /<use|evil/],
    ['animate setting href', '<a><animate attributeName="href" values="javascript:x()"/></a>', /animate|javascript|<a/],
    ['style element with url()', '<style>rect{fill:url(//evil/f.svg#p)}</style>', /style|evil/],
    ['remote url() in a presentation attribute', '<rect fill="url(//evil/p.svg#x)" width="5" height="5"/>', /evil|url/],
    ['inline style loading a background', '<rect style="fill:red;background:url(//evil/b.png)" width="5" height="5"/>', /evil|url/],
    ['link inside SVG', '<a href="//evil"><text>t</text></a>', /href|evil/],
  ])('removes %s', (_name, inner, forbidden) => {
    const clean = sanitizeSvg(wrap(inner));
    checkWellFormedXml(clean);
    expect(clean).not.toMatch(forbidden);
    expect(clean.startsWith('<svg')).toBe(true);
  });

  it('keeps shapes, text, gradients, clip paths and fragment-only url() references', () => {
    const inner =
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"></stop></linearGradient>' +
      '<clipPath id="c"><rect width="10" height="10"></rect></clipPath></defs>' +
      '<g clip-path="url(#c)"><rect width="10" height="10" fill="url(#g)"></rect></g>' +
      '<text x="1" y="9" style="font-size:12px;font-family:sans-serif" xml:space="preserve">A &amp; B</text>';
    const clean = sanitizeSvg(wrap(inner));
    expect(clean).toBe(wrap(inner));
  });
});
