// Runs the tool_use blocks of one assistant message, IN ORDER, one at a time: the audit log then
// reads in the order the model asked, and approvals are asked one by one. Every tool_use gets a
// tool_result — even refused, denied or cancelled ones — so the history stays valid for the API.
import type { ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { MODEL_TOOL_PREFIX, type Toolbox, type ToolCallResult } from '../mcp/server.js';
import type { CancelReason, RunningTurn } from './registry.js';
import type { TurnEvent } from './events.js';
import type { TurnRequest } from './request.js';

export interface ToolRunnerDeps {
  turn: RunningTurn;
  toolbox: Toolbox;
  policy: TurnRequest['policy'];
  emit(event: TurnEvent): void;
  /** Flush events now (block boundary). */
  flush(): void;
  log: Logger;
  metrics: Metrics;
}

const NOT_RUN_CANCELLED = { code: 'cancelled', message: 'The turn was stopped before this tool call finished.' };
const APPROVAL_TIMEOUT = { code: 'approval_timeout', message: 'The user did not approve or decline this call before the turn ran out of time.' };
/** Odoo codes after which the turn cannot go on: the bridge ends it instead of asking the model again. */
const TURN_ENDING_CODES: Record<string, CancelReason> = { circuit_breaker: 'circuit_breaker', kill_switch: 'kill' };

function errorResult(id: string, code: string, message: string): ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: id, content: `${code}: ${message}`, is_error: true };
}

/** The bare tool name when `name` is one we offered this turn, else null. */
export function offeredToolName(name: string, toolbox: Toolbox): string | null {
  if (!name.startsWith(MODEL_TOOL_PREFIX)) return null;
  const bare = name.slice(MODEL_TOOL_PREFIX.length);
  return toolbox.names.has(bare) ? bare : null;
}

export async function runToolUses(blocks: ToolUseBlock[], deps: ToolRunnerDeps): Promise<ToolResultBlockParam[]> {
  const results: ToolResultBlockParam[] = [];
  for (const block of blocks) {
    if (deps.turn.signal.aborted) {
      results.push(errorResult(block.id, NOT_RUN_CANCELLED.code, NOT_RUN_CANCELLED.message));
      continue;
    }
    results.push(await runOne(block, deps));
  }
  return results;
}

async function runOne(block: ToolUseBlock, deps: ToolRunnerDeps): Promise<ToolResultBlockParam> {
  const { turn, toolbox, emit, flush } = deps;
  const args = (block.input ?? {}) as Record<string, unknown>;
  const bare = offeredToolName(block.name, toolbox);
  if (!bare) {
    // The model named something we never offered (another prefix, a hidden tool, a made-up name).
    const shownName = block.name.slice(0, 100);
    deps.log.warn('model asked for a tool that was not offered', { turn_id: turn.id, tool: shownName, call_id: block.id });
    deps.metrics.inc('parley_bridge_tool_refused_total');
    const message = `The tool "${shownName}" is not available. Use only the mcp__odoo__ tools you were given.`;
    emit({ type: 'tool.start', call_id: block.id, tool: shownName, args, summary: '' });
    emit({ type: 'tool.end', call_id: block.id, tool: shownName, ok: false, duration_ms: 0, summary: 'not available', error: { code: 'tool_not_available', message } });
    flush();
    return errorResult(block.id, 'tool_not_available', message);
  }

  let grant: string | undefined;
  // Arguments that fail the tool's schema are refused below without bothering the user; valid
  // ones are shown exactly as they will be sent (Odoo binds the grant to their SHA-256).
  if (deps.policy.tools[bare]?.action === 'approve' && toolbox.argsValid(bare, args)) {
    const decision = turn.waitForApproval(block.id);
    emit({ type: 'approval.request', call_id: block.id, tool: bare, args });
    flush();
    try {
      const answer = await decision;
      if (answer.decision !== 'approve') return errorResult(block.id, 'approval_denied', 'The user declined this action.');
      grant = answer.grant;
    } catch {
      const why = turn.cancelReason === 'timeout' ? APPROVAL_TIMEOUT : NOT_RUN_CANCELLED;
      return errorResult(block.id, why.code, why.message);
    }
  }

  const summary = toolSummary(deps, bare, args);
  emit({ type: 'tool.start', call_id: block.id, tool: bare, args, summary });
  flush();
  const started = performance.now();
  let result: ToolCallResult;
  try {
    result = await toolbox.call(bare, args, { callId: block.id, grant });
  } catch (error) {
    const cancelled = turn.signal.aborted;
    if (!cancelled) deps.log.error('tool call failed in the bridge', { turn_id: turn.id, tool: bare, error });
    const safe = cancelled ? NOT_RUN_CANCELLED : { code: 'internal_error', message: 'The tool call failed in the bridge.' };
    result = { ok: false, text: `${safe.code}: ${safe.message}`, summary: safe.code, error: safe };
  }
  const durationMs = Math.round(performance.now() - started);
  emit({ type: 'tool.end', call_id: block.id, tool: bare, ok: result.ok, duration_ms: durationMs, summary: result.summary, error: result.error });
  flush();
  const ending = result.error ? TURN_ENDING_CODES[result.error.code] : undefined;
  if (ending) {
    deps.log.warn('odoo ended the turn', { turn_id: turn.id, code: result.error?.code });
    turn.cancel(ending);
  }
  deps.metrics.inc('parley_bridge_tool_calls_total', { tool: bare, ok: String(result.ok) });
  return { type: 'tool_result', tool_use_id: block.id, content: result.text, ...(result.ok ? {} : { is_error: true }) };
}

function toolSummary(deps: ToolRunnerDeps, bare: string, args: Record<string, unknown>): string {
  try {
    return deps.toolbox.summarizeArgs(bare, args);
  } catch {
    return '';
  }
}
