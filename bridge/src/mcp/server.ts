// One in-process MCP server + client pair per turn, linked in memory. The server closes over that
// turn's token (through its OdooClient), so a tool call can never act for another turn or user.
// Only the tools named in the turn's effective policy are registered at all.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BRIDGE_VERSION } from '../config.js';
import type { SafeError } from '../errors.js';
import type { OdooClient, ToolOutcome } from './odoo-client.js';
import type { ToolDefinition, ToolEvent } from './tools/index.js';

export const SERVER_NAME = 'odoo';
/** Prefix the model sees: Claude's convention for MCP tools is mcp__<server>__<tool>. */
export const MODEL_TOOL_PREFIX = `mcp__${SERVER_NAME}__`;

export interface OfferedTool {
  name: string;
  description: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}

export interface ToolCallResult {
  ok: boolean;
  text: string;
  summary: string;
  error: SafeError | null;
}

export interface ToolboxOptions {
  tools: readonly ToolDefinition[];
  /** Bare tool names of the turn's effective policy. */
  allowed: ReadonlySet<string>;
  odoo: OdooClient;
  turnId: number;
  toolTimeoutMs: number;
  /** The turn's signal. */
  signal: AbortSignal;
  emit(event: ToolEvent): void;
}

export interface Toolbox {
  /** Tools as offered to the model (prefixed names, MCP JSON schemas). */
  readonly offered: readonly OfferedTool[];
  /** Bare names of the offered tools. */
  readonly names: ReadonlySet<string>;
  call(name: string, args: unknown, call: { callId: string; grant?: string | undefined }): Promise<ToolCallResult>;
  /** True when `args` pass the tool's input schema (what the MCP server will accept). */
  argsValid(name: string, args: Record<string, unknown>): boolean;
  /** The tool's short description of its arguments, for the tool chip. */
  summarizeArgs(name: string, args: Record<string, unknown>): string;
  close(): Promise<void>;
}

interface ParleyMeta {
  ok: boolean;
  summary: string;
  error: SafeError | null;
}

export async function openToolbox(options: ToolboxOptions): Promise<Toolbox> {
  const server = new McpServer({ name: SERVER_NAME, version: BRIDGE_VERSION });
  const registered = options.tools.filter((tool) => options.allowed.has(tool.name));
  for (const tool of registered) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema },
      async (args: Record<string, unknown>, extra): Promise<CallToolResult> => {
        const meta = extra._meta ?? {};
        const outcome = await tool.run(args, {
          odoo: options.odoo,
          turnId: options.turnId,
          callId: typeof meta.call_id === 'string' ? meta.call_id : '',
          grant: typeof meta.grant === 'string' ? meta.grant : undefined,
          signal: AbortSignal.any([extra.signal, options.signal]),
          timeoutMs: options.toolTimeoutMs,
          emit: options.emit,
        });
        return toCallToolResult(outcome);
      },
    );
  }
  const client = new Client({ name: 'parley-bridge', version: BRIDGE_VERSION });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);

  // A server without tools has no tools capability: listing would be refused.
  const listed = registered.length ? (await client.listTools()).tools : [];
  const offered = listed.map((tool) => ({
    name: MODEL_TOOL_PREFIX + tool.name,
    description: tool.description ?? tool.name,
    input_schema: { ...tool.inputSchema, type: 'object' as const },
  }));
  const names = new Set(listed.map((tool) => tool.name));

  return {
    offered,
    names,
    async call(name, args, call) {
      const result = await client.callTool(
        { name, arguments: (args ?? {}) as Record<string, unknown>, _meta: { call_id: call.callId, ...(call.grant ? { grant: call.grant } : {}) } },
        undefined,
        // The MCP timeout backs up the Odoo request's own, which fires first with a clearer message.
        { signal: options.signal, timeout: options.toolTimeoutMs + 2000 },
      );
      return fromCallToolResult(result as CallToolResult);
    },
    argsValid(name, args) {
      return options.tools.find((tool) => tool.name === name)?.inputSchema.safeParse(args).success ?? false;
    },
    summarizeArgs(name, args) {
      return options.tools.find((tool) => tool.name === name)?.summarizeArgs(args) ?? '';
    },
    async close() {
      await client.close().catch(() => undefined);
      await server.close().catch(() => undefined);
    },
  };
}

export function toCallToolResult(outcome: ToolOutcome): CallToolResult {
  if (outcome.ok) {
    const meta: ParleyMeta = { ok: true, summary: summarizeData(outcome.data), error: null };
    return { content: [{ type: 'text', text: JSON.stringify(outcome.data ?? null) }], _meta: { parley: meta } };
  }
  const meta: ParleyMeta = { ok: false, summary: outcome.error.code, error: outcome.error };
  return { content: [{ type: 'text', text: `${outcome.error.code}: ${outcome.error.message}` }], isError: true, _meta: { parley: meta } };
}

function fromCallToolResult(result: CallToolResult): ToolCallResult {
  const text = result.content
    .map((part) => (part.type === 'text' ? part.text : `[${part.type}]`))
    .join('\n');
  const meta = (result._meta as { parley?: ParleyMeta } | undefined)?.parley;
  if (meta) return { ok: meta.ok, text, summary: meta.summary, error: meta.error };
  // Errors raised by the MCP layer itself (arguments failing the input schema): the same
  // "<code>: <message>" shape as every other tool error, without the JSON-RPC wrapping.
  if (result.isError) {
    const message = text.replace(/^MCP error -?\d+: (Input validation error: )?/, '').slice(0, 1000);
    const error = { code: 'validation_error', message };
    return { ok: false, text: `${error.code}: ${message}`, summary: error.code, error };
  }
  return { ok: true, text, summary: '', error: null };
}

/** A few words about a tool result for the chip: "12 records", "3 groups", … */
export function summarizeData(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const record = data as Record<string, unknown>;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const more = record.truncated === true ? ' (truncated)' : '';
  if (Array.isArray(record.records)) {
    const total = typeof record.total === 'number' && record.total !== record.records.length ? ` of ${record.total}` : '';
    return plural(record.records.length, 'record') + total + more;
  }
  if (Array.isArray(record.groups)) return plural(record.groups.length, 'group') + more;
  if (Array.isArray(record.models)) return plural(record.models.length, 'model') + more;
  if (Array.isArray(record.rows)) return plural(record.rows.length, 'row') + more;
  if (Array.isArray(record.fields)) return plural(record.fields.length, 'field') + more;
  return '';
}
