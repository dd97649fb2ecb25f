// POST /v1/turns, /v1/turns/:id/cancel, /v1/turns/:id/approvals (docs/wire.md §2).
import type Anthropic from '@anthropic-ai/sdk';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { runTurn } from '../../agent/loop.js';
import type { RunningTurn, TurnRegistry } from '../../agent/registry.js';
import { ApprovalRequest, TurnRequest } from '../../agent/request.js';
import type { Config } from '../../config.js';
import { BridgeError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { OdooClient } from '../../mcp/odoo-client.js';
import type { ToolDefinition } from '../../mcp/tools/index.js';
import type { Metrics } from '../../metrics.js';
import { bearerToken } from '../security.js';

export interface TurnRouteDeps {
  config: Config;
  log: Logger;
  model: Anthropic | null;
  tools: readonly ToolDefinition[];
  registry: TurnRegistry;
  metrics: Metrics;
  track(promise: Promise<unknown>): void;
}

const object = (properties: Record<string, object>) => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties,
});
const Accepted = object({ accepted: { type: 'boolean' }, turn_id: { type: 'integer' } });
const Cancelled = object({ cancelled: { type: 'boolean' } });
const Delivered = object({ delivered: { type: 'boolean' } });

const TurnIdParam = z.object({ id: z.coerce.number().int().positive() });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  throw BridgeError.of('invalid_request', `The request is not valid: ${detail}`);
}

/** The running turn named in the URL, when the caller holds that turn's token; null if not running. */
function ownTurn(request: FastifyRequest, registry: TurnRegistry): RunningTurn | null {
  const token = bearerToken(request);
  const { id } = parse(TurnIdParam, request.params);
  const turn = registry.get(id);
  if (!turn) return null;
  if (!turn.tokenMatches(token)) throw BridgeError.of('token_mismatch');
  return turn;
}

export function turnRoutes(deps: TurnRouteDeps): FastifyPluginAsync {
  const { config, registry, metrics, log } = deps;
  return async (app) => {
    app.post('/v1/turns', { schema: { response: { 202: Accepted } } }, async (request, reply) => {
      const token = bearerToken(request);
      const body = parse(TurnRequest, request.body);
      if (!deps.model) throw BridgeError.of('model_not_configured');
      const model = deps.model;
      const turn = registry.reserve(body.turn_id, token);
      try {
        const identity = await new OdooClient({ baseUrl: config.odooUrl, token, timeoutMs: config.toolTimeoutMs }).introspect();
        if (identity.tid !== body.turn_id || identity.sid !== body.session_id) throw BridgeError.of('token_mismatch');
      } catch (error) {
        registry.release(turn);
        throw error;
      }
      metrics.inc('parley_bridge_turns_started_total');
      log.info('turn accepted', { turn_id: body.turn_id, session_id: body.session_id });
      const run = runTurn(turn, body, token, { config, model, tools: deps.tools, log, metrics })
        .catch((error: unknown) => log.error('turn crashed', { turn_id: body.turn_id, error }))
        .finally(() => registry.release(turn));
      deps.track(run);
      return reply.code(202).send({ accepted: true, turn_id: body.turn_id });
    });

    app.post('/v1/turns/:id/cancel', { schema: { response: { 200: Cancelled } } }, async (request) => {
      const turn = ownTurn(request, registry);
      const cancelled = turn ? turn.cancel('user') : false;
      if (turn) log.info('turn cancel requested', { turn_id: turn.id, cancelled });
      return { cancelled };
    });

    app.post('/v1/turns/:id/approvals', { schema: { response: { 200: Delivered } } }, async (request) => {
      const turn = ownTurn(request, registry);
      const body = parse(ApprovalRequest, request.body);
      const delivered = turn ? turn.deliverApproval(body.call_id, { decision: body.decision, grant: body.grant }) : false;
      return { delivered };
    });
  };
}
