// The body of POST /v1/turns (docs/wire.md §2), validated at the edge.
import { z } from 'zod';
import { ROUNDS_CEILING } from '../config.js';

const Block = z.looseObject({ type: z.string().min(1).max(64) });

export const HistoryMessage = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(Block).min(1)]),
});

const shortText = z.string().max(500);

export const TurnContext = z
  .object({
    user_name: shortText,
    lang: shortText,
    tz: shortText.nullable(),
    company: shortText,
    model: shortText.nullable(),
    record_id: z.number().int().nullable(),
    record_name: shortText.nullable(),
  })
  .partial();

export const ToolPolicy = z.looseObject({ action: z.enum(['allow', 'approve']) });

export const TurnRequest = z.object({
  turn_id: z.number().int().positive(),
  session_id: z.number().int().positive(),
  model: z.string().min(1).max(100).optional(),
  max_rounds: z.number().int().min(1).max(ROUNDS_CEILING).optional(),
  max_tokens: z.number().int().min(1).max(128_000).optional(),
  history: z
    .array(HistoryMessage)
    .min(1)
    .max(1000)
    .refine((history) => history[history.length - 1]?.role === 'user', 'the last history message must be the user\'s'),
  context: TurnContext.nullable().optional(),
  policy: z.object({
    version: z.union([z.string(), z.number()]),
    tools: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'tool names are snake_case'), ToolPolicy),
  }),
});
export type TurnRequest = z.infer<typeof TurnRequest>;

export const ApprovalRequest = z
  .object({
    call_id: z.string().min(1).max(200),
    decision: z.enum(['approve', 'deny']),
    grant: z.string().min(1).max(8192).optional(),
  })
  .refine((body) => body.decision === 'deny' || !!body.grant, 'an approval needs its grant');
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;
