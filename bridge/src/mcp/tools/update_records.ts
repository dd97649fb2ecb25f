import { defineTool, modelName, recordIds, values } from './define.js';

export const updateRecords = defineTool({
  name: 'update_records',
  title: 'Update records',
  description: 'Write the given field values on records of an Odoo model. May require the user to approve it first.',
  input: { model: modelName, ids: recordIds, values },
});
