// How a tool is declared. One tool per file (the file name is the tool name); each file exports
// one ToolDefinition built with defineTool, and index.ts lists them. A tool without `run` is a
// thin pass-through to Odoo `POST /parley/tool/<name>`, where every check happens (DESIGN §4).
import { z } from 'zod';
import type { OdooClient, ToolOutcome } from '../odoo-client.js';

/** An event a tool may add to the turn's stream (e.g. `artifact` from render tools). */
export interface ToolEvent {
  type: string;
  [field: string]: unknown;
}

export interface ToolContext {
  readonly odoo: OdooClient;
  readonly turnId: number;
  /** The model's tool_use id. */
  readonly callId: string;
  /** Odoo-signed approval grant, present only when the user approved this call (issue 4). */
  readonly grant?: string | undefined;
  /** Aborted when the turn is cancelled or the call times out. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  emit(event: ToolEvent): void;
}

export interface ToolDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: z.ZodObject;
  /** A few words for the tool chip while it runs, e.g. `res.partner`. */
  summarizeArgs(args: Record<string, unknown>): string;
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolOutcome>;
}

export interface ToolSpec<S extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: S;
  summarizeArgs?: (args: z.infer<z.ZodObject<S>>) => string;
  run?: (args: z.infer<z.ZodObject<S>>, ctx: ToolContext) => Promise<ToolOutcome>;
}

export function passThroughToOdoo(name: string) {
  return (args: Record<string, unknown>, ctx: ToolContext): Promise<ToolOutcome> =>
    ctx.odoo.callTool(
      name,
      { turn_id: ctx.turnId, call_id: ctx.callId, args, ...(ctx.grant ? { grant: ctx.grant } : {}) },
      { signal: ctx.signal, timeoutMs: ctx.timeoutMs },
    );
}

const modelSummary = (args: Record<string, unknown>) => (typeof args.model === 'string' ? args.model : '');

export function defineTool<S extends z.ZodRawShape>(spec: ToolSpec<S>): ToolDefinition {
  type Args = z.infer<z.ZodObject<S>>;
  return Object.freeze({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: z.object(spec.input),
    summarizeArgs: (args: Record<string, unknown>) => (spec.summarizeArgs ? spec.summarizeArgs(args as Args) : modelSummary(args)).slice(0, 80),
    run: (args: Record<string, unknown>, ctx: ToolContext) =>
      spec.run ? spec.run(args as Args, ctx) : passThroughToOdoo(spec.name)(args, ctx),
  });
}

// Shared argument schemas, so every tool describes the same thing the same way (docs/wire.md §6).
export const modelName = z.string().min(1).max(128).describe('Technical model name, e.g. "res.partner".');
export const recordIds = z.array(z.number().int().positive()).min(1).describe('Record ids (the addon caps the count).');
export const fieldNames = z.array(z.string().min(1).max(128)).describe('Field names to return (at most 50); omit for a default set.');
export const domain = z
  .array(z.unknown())
  .describe('Odoo domain, e.g. [["country_id.code", "=", "BE"], ["is_company", "=", true]]. Omit for all records.');
export const values = z.record(z.string(), z.unknown()).describe('Field values, e.g. {"name": "Acme", "phone": "+32 2 000 00 00"}.');
