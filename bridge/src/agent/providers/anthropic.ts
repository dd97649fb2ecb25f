// The model, through the real Anthropic SDK. Retries of overload/5xx are the SDK's (maxRetries,
// with its backoff); whatever still fails becomes a safe error from the catalogue.
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { Message, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { Config } from '../../config.js';
import { BridgeError } from '../../errors.js';

export type { Message, MessageParam };

export function createModelClient(config: Config): Anthropic | null {
  if (!config.apiKey) return null;
  return new Anthropic({
    apiKey: config.apiKey,
    // Always explicit, so a stray ANTHROPIC_BASE_URL in the environment never decides where keys go.
    baseURL: config.modelBaseUrl ?? 'https://api.anthropic.com',
    maxRetries: config.modelMaxRetries,
    timeout: config.modelTimeoutMs,
    logLevel: 'off',
  });
}

export interface RoundRequest {
  model: string;
  maxTokens: number;
  system: string;
  messages: MessageParam[];
  tools: Tool[];
  signal: AbortSignal;
  onText(delta: string): void;
  /** A content block finished: a good moment to flush events. */
  onBlockStop(): void;
}

export interface RoundResult {
  /** The final message, or the partial one when the stream was aborted or failed (null if nothing arrived). */
  message: Message | null;
  aborted: boolean;
  /** Set when the model failed (after the SDK's own retries); `message` then holds what arrived. */
  error: BridgeError | null;
}

/** Streams one model round. Neither an abort nor a model failure throws: both are results. */
export async function streamRound(client: Anthropic, request: RoundRequest): Promise<RoundResult> {
  const stream = client.messages.stream(
    {
      model: request.model,
      max_tokens: request.maxTokens,
      system: request.system,
      messages: request.messages,
      ...(request.tools.length ? { tools: request.tools } : {}),
    },
    { signal: request.signal },
  );
  stream.on('text', (delta) => request.onText(delta));
  stream.on('streamEvent', (event) => {
    if (event.type === 'content_block_stop') request.onBlockStop();
  });
  try {
    return { message: await stream.finalMessage(), aborted: false, error: null };
  } catch (error) {
    const partial = stream.currentMessage ?? null;
    if (request.signal.aborted || error instanceof APIUserAbortError) return { message: partial, aborted: true, error: null };
    return { message: partial, aborted: false, error: toModelError(error) };
  }
}

export function toModelError(error: unknown): BridgeError {
  if (error instanceof APIConnectionTimeoutError) return BridgeError.of('model_unreachable', 'The model service did not answer in time.');
  if (error instanceof APIConnectionError) return BridgeError.of('model_unreachable');
  if (error instanceof APIError) {
    const type = (error.error as { error?: { type?: unknown } } | undefined)?.error?.type ?? error.type;
    if (error.status === 529 || type === 'overloaded_error') return BridgeError.of('model_overloaded');
    if (error.status === 429 || type === 'rate_limit_error') return BridgeError.of('model_rate_limited');
    if (error.status === 401 || error.status === 403) return BridgeError.of('model_auth_failed');
    if (error.status && error.status >= 400 && error.status < 500) return BridgeError.of('model_bad_request');
    return BridgeError.of('model_unavailable');
  }
  return BridgeError.of('model_unavailable');
}
