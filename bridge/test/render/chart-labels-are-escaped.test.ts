import { describe, expect, it } from 'vitest';
import { renderChart } from '../../src/render/chart.js';
import { checkWellFormedXml } from './support/xml.js';
import { specFor } from './support/specs.js';

const HOSTILE = '</text><script>parent.__pwned=1</script><text>';

describe('labels from records cannot become markup in the chart', () => {
  it('escapes a </text><script> breakout in title, series, categories and axis names', () => {
    const spec = {
      ...specFor('bar'),
      title: `Sales ${HOSTILE} 東京 🚀`,
      subtitle: `Sub ${HOSTILE}`,
      x_label: `X ${HOSTILE}`,
      y_label: `Y ${HOSTILE}`,
      unit: '<b>€</b>',
      categories: ['A & B', `"quoted" 'single'`, HOSTILE, 'Ünïcødé 東京 🚀', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'],
      series: [{ name: `Team ${HOSTILE}`, values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }, { name: 'x', values: Array(12).fill(1) }],
    };
    const { svg } = renderChart(spec);
    checkWellFormedXml(svg);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('東京 🚀');
    expect(svg).toContain('<title>Sales &lt;/text&gt;&lt;script&gt;parent.__pwned=1&lt;/script&gt;&lt;text&gt; 東京 🚀</title>');
  });

  it('removes control characters, lone surrogates and bidi overrides that would break XML or spoof labels', () => {
    const { svg } = renderChart({ ...specFor('pie'), title: 'Ti\u0000tle\u001b \uD800 \u202Egnp.exe', categories: ['a\u0007', 'b', 'c'] });
    checkWellFormedXml(svg);
    expect(svg).toContain('<title>Title  gnp.exe</title>');
    expect(svg).not.toMatch(/[\u0000-\u0008\u202E]/);
  });

  it('keeps a label at the length cap inside the picture (truncated on screen, whole in the data)', () => {
    const long = 'W'.repeat(80);
    const { svg } = renderChart({ ...specFor('bar'), categories: Array(12).fill(long) });
    checkWellFormedXml(svg);
    expect(svg).toMatch(/W+…|W+\.\.\./);
  });
});
