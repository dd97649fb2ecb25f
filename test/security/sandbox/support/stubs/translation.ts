// Stand-in for Odoo's _t: the term itself, with %(name)s placeholders filled like Odoo's sprintf.
export function _t(term: string, values?: Record<string, unknown>): string {
  return values ? term.replace(/%\((\w+)\)s/g, (_m, key: string) => String(values[key] ?? '')) : term;
}
