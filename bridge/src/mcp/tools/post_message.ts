import { z } from 'zod';
import { defineTool, modelName } from './define.js';

export const postMessage = defineTool({
  name: 'post_message',
  title: 'Post a message',
  description: "Post an internal note (default) or a message to followers in a record's chatter. May require approval.",
  input: {
    model: modelName,
    id: z.number().int().positive().describe('Record id.'),
    body: z.string().min(1).max(20000).describe('Plain text of the note or message.'),
    kind: z.enum(['note', 'message']).optional().describe('"note" (internal, default) or "message" (sent to followers).'),
  },
});
