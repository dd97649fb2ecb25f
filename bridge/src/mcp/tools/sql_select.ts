import { z } from 'zod';
import { defineTool } from './define.js';

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
});
