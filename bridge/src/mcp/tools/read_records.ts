import { defineTool, fieldNames, modelName, recordIds } from './define.js';

export const readRecords = defineTool({
  name: 'read_records',
  title: 'Read records',
  description: 'Read given records of an Odoo model by id. Ids that do not exist or cannot be read are listed as missing.',
  input: { model: modelName, ids: recordIds, fields: fieldNames.optional() },
});
