import { z } from 'zod';
import { defineTool, domain, modelName } from './define.js';

export const aggregateRecords = defineTool({
  name: 'aggregate_records',
  title: 'Aggregate records',
  description:
    'Group records of an Odoo model and compute measures (like a pivot table): counts, sums, averages, min/max per group. Without groupby it aggregates all matching records.',
  input: {
    model: modelName,
    groupby: z
      .array(z.string().min(1).max(128))
      .optional()
      .describe('Up to 4 fields to group by, e.g. ["country_id"]; dates with a granularity, e.g. ["date_order:month"].'),
    measures: z
      .array(z.string().min(1).max(128))
      .optional()
      .describe('Measures as "field:aggregate" (sum, avg, min, max, count, count_distinct, bool_and, bool_or) or "__count". Default ["__count"].'),
    domain: domain.optional(),
    order: z.string().max(200).optional().describe('A groupby or measure spec with asc/desc, e.g. "amount_total:sum desc".'),
    limit: z.number().int().min(1).optional().describe('Maximum groups (default 100, capped at 500).'),
  },
});
