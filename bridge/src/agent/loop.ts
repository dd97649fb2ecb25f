// One turn: model round → tool calls → model round … until the model stops asking for tools, the
// round cap is hit, the turn is cancelled, or it runs out of time. The outcome always reaches
// Odoo as a final `turn.end`, with the messages the turn produced in Anthropic format.
//
// Round cap: when the model still asks for tools in its last allowed round, those tools are not
// run (each gets an error tool_result so the history stays valid) and the turn ends `failed` with
// code `round_cap` — the user sees the partial answer and a clear error, never a silent stop.
import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, ContentBlockParam, MessageParam, Tool, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { Config } from '../config.js';
import { BridgeError, safeError, type ErrorCode, type SafeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { OdooClient } from '../mcp/odoo-client.js';
import { openToolbox, type Toolbox } from '../mcp/server.js';
import type { ToolDefinition } from '../mcp/tools/index.js';
import { EventBatcher, type TurnEvent } from './events.js';
import { systemPrompt } from './prompt.js';
import { streamRound } from './providers/anthropic.js';
import type { CancelReason, RunningTurn } from './registry.js';
import type { TurnRequest } from './request.js';
import { runToolUses } from './tool-calls.js';

export const DEFAULT_MAX_TOKENS = 4096;

const FAILURE_OF: Record<CancelReason, ErrorCode | null> = {
  user: null,
  odoo: null,
  timeout: 'turn_timeout',
  shutdown: 'bridge_shutdown',
  circuit_breaker: 'circuit_breaker',
  kill: 'kill_switch',
};

export interface LoopDeps {
  config: Config;
  model: Anthropic;
  tools: readonly ToolDefinition[];
  log: Logger;
  metrics: Metrics;
}

export type TurnStatus = 'done' | 'failed' | 'cancelled';

export interface TurnOutcome {
  status: TurnStatus;
  messages: MessageParam[];
  usage: { input_tokens: number; output_tokens: number };
  error: SafeError | null;
  rounds: number;
  /** False when the final turn.end could not be delivered to Odoo (its reaper will fail the turn). */
  delivered: boolean;
}

/** Content blocks as we send them back: only the fields the API accepts, nothing the SDK added. */
function toParams(blocks: readonly ContentBlock[], keepToolUse: boolean): ContentBlockParam[] {
  const out: ContentBlockParam[] = [];
  for (const block of blocks) {
    if (block.type === 'text' && block.text) out.push({ type: 'text', text: block.text });
    else if (block.type === 'tool_use' && keepToolUse) out.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
  }
  return out;
}

export async function runTurn(turn: RunningTurn, request: TurnRequest, token: string, deps: LoopDeps): Promise<TurnOutcome> {
  const { config, log, metrics } = deps;
  const turnLog = log.child({ turn_id: turn.id });
  const odoo = new OdooClient({ baseUrl: config.odooUrl, token, timeoutMs: config.toolTimeoutMs });
  const batcher = new EventBatcher({
    send: (events) => odoo.postEvents(turn.id, events),
    onStopped: (state) => {
      turnLog.info('odoo says the turn is no longer running', { state });
      turn.cancel('odoo');
    },
    onSendError: (error) => turnLog.warn('could not post events to odoo', { error }),
  });
  const emit = (event: TurnEvent) => batcher.push(event);
  const flush = () => void batcher.flush();
  const timer = setTimeout(() => turn.cancel('timeout'), config.turnTimeoutMs);

  const modelName = request.model ?? config.model;
  const maxRounds = Math.min(request.max_rounds ?? config.maxRounds, config.maxRounds);
  const history: MessageParam[] = request.history as MessageParam[];
  const produced: MessageParam[] = [];
  const usage = { input_tokens: 0, output_tokens: 0 };
  let rounds = 0;
  let status: TurnStatus = 'done';
  let error: SafeError | null = null;
  let toolbox: Toolbox | null = null;

  emit({ type: 'turn.start', model: modelName });
  flush();
  try {
    toolbox = await openToolbox({
      tools: deps.tools,
      allowed: new Set(Object.keys(request.policy.tools)),
      odoo,
      turnId: turn.id,
      toolTimeoutMs: config.toolTimeoutMs,
      signal: turn.signal,
      emit,
    });
    const tools: Tool[] = toolbox.offered.map((tool) => ({ ...tool }) as Tool);
    const system = systemPrompt(request.context);
    for (;;) {
      if (turn.signal.aborted) break;
      rounds++;
      metrics.inc('parley_bridge_model_rounds_total');
      const round = await streamRound(deps.model, {
        model: modelName,
        maxTokens: request.max_tokens ?? DEFAULT_MAX_TOKENS,
        system,
        messages: [...history, ...produced],
        tools,
        signal: turn.signal,
        onText: (text) => emit({ type: 'text.delta', text }),
        onBlockStop: flush,
      });
      if (round.message?.usage) {
        usage.input_tokens += round.message.usage.input_tokens ?? 0;
        usage.output_tokens += round.message.usage.output_tokens ?? 0;
      }
      if (round.aborted || round.error) {
        // Keep what the user already saw; a half-streamed tool_use is dropped (it has no result).
        const partial = round.message ? toParams(round.message.content, false) : [];
        if (partial.length) produced.push({ role: 'assistant', content: partial });
        if (round.error) {
          status = 'failed';
          error = round.error.toSafe();
          turnLog.warn('model round failed', { code: round.error.code, round: rounds });
        }
        break;
      }
      const message = round.message!;
      // tool_use blocks count only when the model stopped to use them (not e.g. cut by max_tokens):
      // a stored tool_use without its tool_result would make the session's history invalid.
      const wantsTools = message.stop_reason === 'tool_use';
      const content = toParams(message.content, wantsTools);
      if (content.length) produced.push({ role: 'assistant', content });
      const toolUses = wantsTools ? message.content.filter((block): block is ToolUseBlock => block.type === 'tool_use') : [];
      if (toolUses.length === 0) break;
      if (rounds >= maxRounds) {
        const note = `round_cap: Not run: the turn reached its limit of ${maxRounds} model rounds.`;
        produced.push({
          role: 'user',
          content: toolUses.map((block) => ({ type: 'tool_result' as const, tool_use_id: block.id, content: note, is_error: true })),
        });
        status = 'failed';
        error = safeError('round_cap', `The assistant reached its limit of ${maxRounds} model rounds before finishing.`);
        break;
      }
      const results = await runToolUses(toolUses, { turn, toolbox, policy: request.policy, emit, flush, log: turnLog, metrics });
      produced.push({ role: 'user', content: results });
    }
  } catch (caught) {
    if (!turn.signal.aborted) {
      status = 'failed';
      error = caught instanceof BridgeError ? caught.toSafe() : safeError('internal_error');
      if (!(caught instanceof BridgeError)) turnLog.error('turn failed', { error: caught });
      else turnLog.warn('turn failed', { code: caught.code });
    }
  } finally {
    clearTimeout(timer);
    await toolbox?.close();
  }
  if (turn.signal.aborted) {
    // A user's Stop (or Odoo's) is a cancel; running out of time, a bridge restart, the circuit
    // breaker or the kill switch is a failure.
    const failure = turn.cancelReason ? FAILURE_OF[turn.cancelReason] : null;
    status = failure ? 'failed' : 'cancelled';
    error = failure ? safeError(failure) : null;
  }
  const delivered = await batcher.close({ type: 'turn.end', status, messages: produced, usage, error, rounds });
  if (!delivered) turnLog.error('could not deliver turn.end to odoo');
  metrics.inc('parley_bridge_turns_finished_total', { status });
  turnLog.info('turn finished', { status, rounds, code: error?.code ?? null, usage });
  return { status, messages: produced, usage, error, rounds, delivered };
}
