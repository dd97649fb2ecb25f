import { z } from 'zod';
import { checkSqlAdvisory } from '../../sql/advisory.js';
import { defineTool, passThroughToOdoo } from './define.js';

export const sqlSelect = defineTool({
  name: 'sql_select',
  title: 'Run a read-only SQL query',
  description:
    'Run one read-only PostgreSQL SELECT on the Odoo database. Record rules are NOT applied to SQL; prefer search_records when it can answer. Use %s placeholders with params.',
  input: {
    sql: z.string().min(1).max(20000).describe('One SELECT statement.'),
    params: z.array(z.unknown()).optional().describe('Values for %s placeholders, in order.'),
  },
  summarizeArgs: (args) => args.sql.replace(/\s+/g, ' ').trim(),
  // Layer 1 of DESIGN §8: refuse the obvious early with a message the model can act on. Advisory
  // only — whatever passes here is checked again, authoritatively, by Odoo.
  run: async (args, ctx) => {
    const advice = checkSqlAdvisory(args.sql);
    if (!advice.ok) return { ok: false, error: { code: 'validation_error', message: `SQL refused before running: ${advice.message}` } };
    return passThroughToOdoo('sql_select')(args, ctx);
  },
});
