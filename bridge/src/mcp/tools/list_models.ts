import { z } from 'zod';
import { defineTool } from './define.js';

export const listModels = defineTool({
  name: 'list_models',
  title: 'List models',
  description: 'List the Odoo models the user can read, optionally filtered by a keyword in the technical or display name.',
  input: { keyword: z.string().max(100).optional().describe('Substring to filter on, e.g. "partner".') },
  summarizeArgs: (args) => args.keyword ?? '',
});
