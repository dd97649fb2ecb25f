import { defineTool, modelName } from './define.js';

export const describeModel = defineTool({
  name: 'describe_model',
  title: 'Describe a model',
  description: "Describe an Odoo model: its fields (type, relation, selection values, help) and the user's access rights on it.",
  input: { model: modelName },
});
