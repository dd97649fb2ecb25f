import { z } from 'zod';
import { defineTool, domain, fieldNames, modelName } from './define.js';

export const searchRecords = defineTool({
  name: 'search_records',
  title: 'Search records',
  description:
    'Search records of an Odoo model with a domain. Returns matching rows (capped; says when truncated), the total count, and odoo:// links.',
  input: {
    model: modelName,
    domain: domain.optional(),
    fields: fieldNames.optional(),
    order: z.string().max(200).optional().describe('Sort order on stored fields, e.g. "name asc, id desc".'),
    limit: z.number().int().min(1).optional().describe('Maximum rows (default 50, capped at 200).'),
    offset: z.number().int().min(0).optional(),
  },
});
