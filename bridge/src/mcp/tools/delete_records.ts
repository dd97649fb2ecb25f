import { defineTool, modelName, recordIds } from './define.js';

export const deleteRecords = defineTool({
  name: 'delete_records',
  title: 'Delete records',
  description: 'Delete records of an Odoo model. Destructive; always requires approval when the policy allows it at all.',
  input: { model: modelName, ids: recordIds },
});
