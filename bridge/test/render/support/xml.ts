// A strict XML 1.0 well-formedness check, small enough to read: one root element, balanced and
// correctly nested tags, quoted attributes without '<', no duplicate attributes, only the five
// predefined or numeric entities, no stray '<' or '&' in text. Returns the element names seen.
const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;

export class XmlError extends Error {}

export function checkWellFormedXml(xml: string): string[] {
  const stack: string[] = [];
  const seen: string[] = [];
  let roots = 0;
  let i = 0;
  const fail = (why: string): never => {
    throw new XmlError(`${why} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const checkText = (text: string) => {
    for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
      if (!ENTITY.test(text.slice(k))) fail('bare &');
    }
    if (text.includes('<')) fail('bare <');
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') fail('text outside the root');
    checkText(text);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) fail('unclosed processing instruction');
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i);
      if (end < 0) fail('unclosed comment');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) fail('bad CDATA');
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      const name = NAME.exec(xml.slice(i + 2))?.[0] ?? fail('bad end tag');
      if (stack.pop() !== name) fail(`mismatched </${name}>`);
      i += 2 + name.length;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') fail('bad end tag');
      i++;
    } else {
      const name = NAME.exec(xml.slice(i + 1))?.[0] ?? fail('bad start tag');
      if (stack.length === 0 && roots++ > 0) fail('second root element');
      seen.push(name);
      i += 1 + name.length;
      const attributes = new Set<string>();
      for (;;) {
        const space = /^\s*/.exec(xml.slice(i))?.[0].length ?? 0;
        i += space;
        if (xml.startsWith('/>', i)) { i += 2; break; }
        if (xml[i] === '>') { i++; stack.push(name); break; }
        if (space === 0) fail('attributes must be separated by space');
        const attr = NAME.exec(xml.slice(i))?.[0] ?? fail('bad attribute name');
        if (attributes.has(attr)) fail(`duplicate attribute ${attr}`);
        attributes.add(attr);
        i += attr.length;
        const m = /^\s*=\s*(["'])/.exec(xml.slice(i)) ?? fail('attribute without quoted value');
        i += m[0].length;
        const close = xml.indexOf(m[1] as string, i);
        if (close < 0) fail('unclosed attribute value');
        checkText(xml.slice(i, close));
        i = close + 1;
      }
    }
  }
  if (stack.length) fail(`unclosed <${stack.at(-1)}>`);
  if (roots !== 1) fail('no root element');
  return seen;
}
