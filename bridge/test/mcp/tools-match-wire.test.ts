// Each tool is declared once, in a file named after it, with the argument schema of
// docs/wire.md §6; the bridge clamps nothing (limits are the addon's).
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { expect, it } from 'vitest';
import { TOOLS } from '../../src/mcp/tools/index.js';

const dir = resolve(import.meta.dirname, '../../src/mcp/tools');

it('has one file per tool, named after it, all listed in index.ts', () => {
  const files = readdirSync(dir).filter((f) => !['index.ts', 'define.ts'].includes(f)).map((f) => f.replace(/\.ts$/, ''));
  expect(TOOLS.map((t) => t.name).sort()).toEqual(files.sort());
  expect(new Set(TOOLS.map((t) => t.name)).size).toBe(TOOLS.length);
});

const expected: Record<string, { required: string[]; optional: string[] }> = {
  list_models: { required: [], optional: ['keyword'] },
  describe_model: { required: ['model'], optional: [] },
  search_records: { required: ['model'], optional: ['domain', 'fields', 'order', 'limit', 'offset'] },
  read_records: { required: ['model', 'ids'], optional: ['fields'] },
  aggregate_records: { required: ['model'], optional: ['groupby', 'measures', 'domain', 'order', 'limit'] },
  sql_select: { required: ['sql'], optional: ['params'] },
  create_record: { required: ['model', 'values'], optional: [] },
  update_records: { required: ['model', 'ids', 'values'], optional: [] },
  run_action: { required: ['model', 'ids', 'method'], optional: [] },
  post_message: { required: ['model', 'id', 'body'], optional: ['kind'] },
  delete_records: { required: ['model', 'ids'], optional: [] },
};

it.each(Object.entries(expected))('%s takes the arguments of the wire contract', (name, shape) => {
  const tool = TOOLS.find((t) => t.name === name)!;
  const schema = z.toJSONSchema(tool.inputSchema) as { properties: Record<string, unknown>; required?: string[] };
  expect(Object.keys(schema.properties).sort()).toEqual([...shape.required, ...shape.optional].sort());
  expect((schema.required ?? []).sort()).toEqual([...shape.required].sort());
  expect(tool.description.length).toBeGreaterThan(20);
});

it('does not clamp limits itself (Odoo does) but refuses nonsense types', () => {
  const search = TOOLS.find((t) => t.name === 'search_records')!.inputSchema;
  expect(search.safeParse({ model: 'res.partner', limit: 100000 }).success).toBe(true);
  expect(search.safeParse({ model: 'res.partner', limit: -1 }).success).toBe(false);
  const action = TOOLS.find((t) => t.name === 'run_action')!.inputSchema;
  expect(action.safeParse({ model: 'sale.order', ids: [1], method: 'unlink' }).success).toBe(false);
});
