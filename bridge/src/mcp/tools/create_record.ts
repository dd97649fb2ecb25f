import { defineTool, modelName, values } from './define.js';

export const createRecord = defineTool({
  name: 'create_record',
  title: 'Create a record',
  description: 'Create one record of an Odoo model with the given field values. May require the user to approve it first.',
  input: { model: modelName, values },
});
