import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../../metrics.js';

export function metricsRoutes(deps: { metrics: Metrics }): FastifyPluginAsync {
  return async (app) => {
    app.get('/metrics', async (_request, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()),
    );
  };
}
