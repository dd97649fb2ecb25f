// Inline CSS that survives sanitizing: declarations that cannot fetch, import, bind or execute
// anything. The document's CSP (img-src data:, default-src 'none') already blocks every load; this
// is the second layer, so that a CSP mistake alone is never enough.

// Any of these in a declaration drops the declaration. Strings count too: `@import "x.css"` loads
// without url(), and image-set("x.png" 1x) takes bare strings.
const FORBIDDEN = new RegExp(
  [
    'url\\s*\\(', 'image-set\\s*\\(', 'image\\s*\\(', 'cross-fade\\s*\\(', 'element\\s*\\(', 'src\\s*\\(',
    'expression\\s*\\(', 'env\\s*\\(', '@', 'behavior', 'binding', 'javascript:', 'vbscript:', 'data:',
  ].join('|'),
  'i',
);
// A backslash starts a CSS escape (`u\72l(` is `url(`); a `<` has no business in a style attribute
// and is the start of most parser-confusion tricks; control characters are never legitimate.
const UNPARSEABLE = /[\\<>\u0000-\u0008\u000B\u000E-\u001F\u007F]/;
const COMMENT = /\/\*[\s\S]*?(\*\/|$)/g;

/** Returns the declarations of `css` that are safe to keep, or null when nothing is. */
export function cleanInlineStyle(css: string): string | null {
  const withoutComments = css.replace(COMMENT, ' ');
  if (UNPARSEABLE.test(withoutComments)) return null;
  const kept = withoutComments
    .split(';')
    .map((declaration) => declaration.trim())
    .filter((declaration) => declaration.includes(':') && !FORBIDDEN.test(declaration));
  return kept.length ? kept.join('; ') : null;
}
