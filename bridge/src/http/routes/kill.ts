// POST /v1/kill (docs/wire.md §2): stop every running turn at once.
//
// The bridge holds no signing key, so it cannot verify an Odoo signature. It accepts instead:
// - the token of any turn it is running (only Odoo, which minted it, and this bridge know it;
//   compared in constant time) — what Odoo sends when a manager activates the kill switch;
// - the operators' kill secret from PARLEY_KILL_SECRET_FILE (0600), for stopping the bridge when
//   Odoo itself cannot be used.
// Odoo does not depend on this call: from the switch's commit on it refuses every token, and the
// bridge also stops each turn at its next events batch. This only makes the stop immediate, also
// for turns waiting on the model or on an approval.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TurnRegistry } from '../../agent/registry.js';
import type { Config } from '../../config.js';
import { BridgeError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { bearerToken } from '../security.js';

export interface KillRouteDeps {
  config: Config;
  log: Logger;
  registry: TurnRegistry;
  metrics: Metrics;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function killRoutes(deps: KillRouteDeps): FastifyPluginAsync {
  const { config, registry, log, metrics } = deps;
  const secret = config.killSecret ? digest(config.killSecret) : null;
  const Stopped = {
    type: 'object',
    additionalProperties: false,
    required: ['stopped'],
    properties: { stopped: { type: 'integer' } },
  };
  return async (app) => {
    app.post('/v1/kill', { schema: { response: { 200: Stopped } } }, async (request) => {
      const token = bearerToken(request);
      const bySecret = secret !== null && timingSafeEqual(digest(token), secret);
      if (!bySecret && !registry.anyTokenMatches(token)) throw BridgeError.of('token_mismatch');
      const stopped = registry.cancelAll('kill');
      metrics.inc('parley_bridge_kills_total');
      log.warn('kill switch: every running turn stopped', { stopped, by: bySecret ? 'secret' : 'odoo' });
      return { stopped };
    });
  };
}
