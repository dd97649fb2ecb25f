// Scenario files for the scripted model server: what to answer, request by request.
// Format and selection rules are documented in test/scripted-model/README.md.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

const TextBlock = z
  .object({
    type: z.literal('text'),
    /** Streamed as one text_delta per chunk. */
    chunks: z.array(z.string()).min(1).optional(),
    /** Shorthand: split into word-sized chunks. */
    text: z.string().optional(),
    /** Pause before each chunk. */
    delay_ms: z.number().int().min(0).max(60_000).default(0),
  })
  .refine((block) => !!block.chunks !== (block.text !== undefined), 'a text block has either chunks or text');

const ToolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()).default({}),
  delay_ms: z.number().int().min(0).max(60_000).default(0),
});

const ApiErrorBody = z.object({
  type: z.string().default('api_error'),
  message: z.string().default('Internal server error'),
});

const StreamResponse = z.object({
  content: z.array(z.discriminatedUnion('type', [TextBlock, ToolUseBlock])).default([]),
  stop_reason: z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'refusal']).optional(),
  usage: z.object({ input_tokens: z.number().int().min(0), output_tokens: z.number().int().min(0) }).optional(),
  /** Pause before the response starts (before headers). */
  delay_ms: z.number().int().min(0).max(60_000).default(0),
  /** Sent as an SSE `error` event after the content, as the real API does when it fails mid-stream. */
  stream_error: ApiErrorBody.optional(),
});

const ErrorResponse = z.object({
  error: ApiErrorBody.extend({ status: z.number().int().min(400).max(599) }),
});

export const ScenarioResponse = z.union([ErrorResponse, StreamResponse]);
export type ScenarioResponse = z.infer<typeof ScenarioResponse>;
export type StreamResponse = z.infer<typeof StreamResponse>;

export const Scenario = z.object({
  name: z.string().regex(/^[\w.-]{1,100}$/),
  /** Case-insensitive substring of the turn's user message that selects this scenario. */
  match: z.string().min(1).optional(),
  /** Repeat the last response when the turn asks for more (e.g. a model that never stops calling tools). */
  loop_last: z.boolean().default(false),
  responses: z.array(ScenarioResponse).min(1),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

export function parseScenario(input: unknown, fallbackName?: string): Scenario {
  const withName = input && typeof input === 'object' && !('name' in input) && fallbackName ? { ...input, name: fallbackName } : input;
  return Scenario.parse(withName);
}

/** Every `*.json` in `dir`, in file-name order; the file name (without .json) is the default scenario name. */
export function loadScenarios(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      try {
        return parseScenario(JSON.parse(readFileSync(join(dir, file), 'utf8')), basename(file, '.json'));
      } catch (error) {
        throw new Error(`scenario ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    });
}

interface RequestMessage {
  role?: unknown;
  content?: unknown;
}

function textOf(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts = content
    .filter((block): block is { type: 'text'; text: string } => block?.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text);
  return texts.length ? texts.join('\n') : null;
}

/**
 * Where the request stands in its turn: the turn's user text (the last user message holding text,
 * not only tool results) and how many assistant messages came after it (= which response is due).
 */
export function turnPosition(messages: readonly RequestMessage[]): { userText: string; round: number } {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role !== 'user') continue;
    const text = textOf(message.content);
    if (text === null) continue;
    const round = messages.slice(i + 1).filter((m) => m.role === 'assistant').length;
    return { userText: text, round };
  }
  return { userText: '', round: messages.filter((m) => m.role === 'assistant').length };
}

const MARKER = /\[scenario:([\w.-]{1,100})\]/;

/** Header, then `[scenario:NAME]` marker, then first `match` substring, then the scenario named "default". */
export function selectScenario(scenarios: readonly Scenario[], userText: string, header?: string): Scenario | null {
  const byName = (name: string) => scenarios.find((scenario) => scenario.name === name) ?? null;
  if (header) return byName(header);
  const marker = MARKER.exec(userText)?.[1];
  if (marker) return byName(marker);
  const lower = userText.toLowerCase();
  return scenarios.find((scenario) => scenario.match && lower.includes(scenario.match.toLowerCase())) ?? byName('default');
}

export function responseFor(scenario: Scenario, round: number): ScenarioResponse | null {
  if (round < scenario.responses.length) return scenario.responses[round] ?? null;
  return scenario.loop_last ? (scenario.responses[scenario.responses.length - 1] ?? null) : null;
}
