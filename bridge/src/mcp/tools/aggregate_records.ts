import { z } from 'zod';
import { defineTool, domain, modelName } from './define.js';

export const aggregateRecords = defineTool({
  name: 'aggregate_records',
  title: 'Aggregate records',
  description: 'Group records of an Odoo model and compute measures (like a pivot table): counts, sums, averages per group.',
  input: {
    model: modelName,
    groupby: z.array(z.string().min(1).max(128)).describe('Fields to group by, e.g. ["country_id"] or ["date_order:month"].'),
    measures: z.array(z.string().min(1).max(128)).min(1).describe('Measures as "field:aggregate" or "__count", e.g. ["amount_total:sum", "__count"].'),
    domain: domain.optional(),
    order: z.string().max(200).optional(),
    limit: z.number().int().min(1).optional().describe('Maximum groups (capped at 500).'),
  },
});
