import { z } from 'zod';
import { defineTool, modelName, recordIds } from './define.js';

export const runAction = defineTool({
  name: 'run_action',
  title: 'Run an action',
  description:
    'Run a button method (action_* or button_*) on records of an Odoo model, e.g. "action_confirm" on a sale order. Only methods the administrator allowed can run; may require approval.',
  input: {
    model: modelName,
    ids: recordIds,
    method: z.string().regex(/^(action|button)_\w{1,100}$/).describe('Method name, e.g. "action_confirm".'),
  },
  summarizeArgs: (args) => `${args.model} ${args.method}`,
});
