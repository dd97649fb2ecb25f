// The HTTP app: edge security checks → auth (per route: introspection with Odoo, or the turn's own
// token) → routes → one error handler that only ever answers {error: {code, message}}.
import type Anthropic from '@anthropic-ai/sdk';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { TurnRegistry } from '../agent/registry.js';
import type { Config } from '../config.js';
import { BridgeError, CATALOGUE, type ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import type { ToolDefinition } from '../mcp/tools/index.js';
import { Metrics } from '../metrics.js';
import { healthRoutes } from './routes/health.js';
import { killRoutes } from './routes/kill.js';
import { metricsRoutes } from './routes/metrics.js';
import { turnRoutes } from './routes/turns.js';
import { allowedHostHeaders, edgeCheck } from './security.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  /** null when no API key is configured: the app still serves /healthz and refuses turns with 503. */
  model: Anthropic | null;
  tools: readonly ToolDefinition[];
}

export interface BridgeApp {
  app: FastifyInstance;
  registry: TurnRegistry;
  metrics: Metrics;
  /** Resolves when every running turn has posted its turn.end. */
  drain(): Promise<void>;
}

/** Fastify's own client errors, mapped onto our catalogue. */
function codeForFastifyError(error: FastifyError): ErrorCode {
  if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'body_too_large';
  if (error.statusCode === 415) return 'unsupported_media_type';
  if (error.statusCode === 404) return 'not_found';
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return 'invalid_request';
  return 'internal_error';
}

export function buildApp(deps: AppDeps): BridgeApp {
  const { config, log } = deps;
  const app = Fastify({ logger: false, bodyLimit: config.maxBodyBytes, return503OnClosing: true });
  const registry = new TurnRegistry(config.maxConcurrentTurns);
  const metrics = new Metrics();
  metrics.gauge('parley_bridge_turns_running', () => registry.size);
  const running = new Set<Promise<unknown>>();

  // The Host we accept follows the address actually bound (tests bind port 0).
  const allowedHosts = () => {
    const address = app.server.address() as AddressInfo | null;
    return allowedHostHeaders(config.host, address?.port ?? config.port);
  };
  app.addHook('onRequest', edgeCheck(allowedHosts));

  // JSON with prototype-poisoning keys refused; an empty JSON body (e.g. a bare cancel) is no body.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return parseJson(request, body.toString(), done);
  });

  app.setErrorHandler((error: FastifyError | BridgeError, request, reply) => {
    let code: string;
    let status: number;
    let message: string;
    if (error instanceof BridgeError) {
      ({ code, status, message } = error);
    } else {
      const known = codeForFastifyError(error);
      code = known;
      status = CATALOGUE[known].status;
      // Fastify's validation/parse messages are safe and helpful; anything else is not shown.
      message = known === 'invalid_request' ? `${CATALOGUE.invalid_request.message} ${error.message}`.slice(0, 500) : CATALOGUE[known].message;
      if (known === 'internal_error') log.error('unhandled error', { error, url: request.url });
    }
    if (status < 500) metrics.inc('parley_bridge_requests_refused_total', { code: code in CATALOGUE ? code : 'odoo_refusal' });
    void reply.code(status).type('application/json').send({ error: { code, message } });
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send({ error: { code: 'not_found', message: CATALOGUE.not_found.message } });
  });

  const track = (promise: Promise<unknown>) => {
    running.add(promise);
    void promise.finally(() => running.delete(promise));
  };
  app.register(healthRoutes({ config, registry }));
  app.register(metricsRoutes({ metrics }));
  app.register(turnRoutes({ ...deps, registry, metrics, track }));
  app.register(killRoutes({ config, log, registry, metrics }));

  return {
    app,
    registry,
    metrics,
    drain: async () => {
      await Promise.allSettled([...running]);
    },
  };
}
