import type { FastifyPluginAsync } from 'fastify';
import type { TurnRegistry } from '../../agent/registry.js';
import { BRIDGE_VERSION, type Config } from '../../config.js';

// Only these fields leave the process, whatever the handler returns.
const HealthResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'version', 'model_configured', 'missing', 'odoo_url', 'turns_running'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    version: { type: 'string' },
    model_configured: { type: 'boolean' },
    missing: { type: 'array', items: { type: 'string' } },
    odoo_url: { type: 'string' },
    turns_running: { type: 'integer' },
  },
} as const;

export function healthRoutes(deps: { config: Config; registry: TurnRegistry }): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { schema: { response: { 200: HealthResponse } } }, async () => ({
      status: deps.config.missing.length ? 'degraded' : 'ok',
      version: BRIDGE_VERSION,
      model_configured: deps.config.apiKey !== null,
      missing: [...deps.config.missing],
      odoo_url: deps.config.odooUrl,
      turns_running: deps.registry.size,
    }));
  };
}
