// The bridge's edge checks, run before anything else on every request (DESIGN §10):
// - no Origin header: a browser page must never be able to drive the bridge;
// - Host must name this bridge's own loopback address: defeats DNS rebinding, where a hostile
//   name resolves to 127.0.0.1 and the browser sends `Host: evil.example`.
// Oversized bodies are refused by fastify's bodyLimit (413) before they are read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BridgeError } from '../errors.js';

/** The Host header values a request to `host:port` legitimately carries. */
export function allowedHostHeaders(host: string, port: number): string[] {
  const name = host.includes(':') ? `[${host}]` : host;
  // Port 80 may be omitted by clients; the bridge never runs there by default, but be exact.
  return port === 80 ? [`${name}:80`, name] : [`${name}:${port}`];
}

export function edgeCheck(allowedHosts: () => readonly string[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (request.headers.origin !== undefined) throw BridgeError.of('origin_refused');
    const host = request.headers.host?.toLowerCase();
    const allowed = allowedHosts();
    if (!host || !allowed.includes(host)) {
      // Naming the expected Host helps an admin who configured e.g. http://localhost:8765 in Odoo.
      throw BridgeError.of('host_refused', `The Host header does not name this bridge; call it as http://${allowed[0]}.`);
    }
  };
}

/** The Bearer token of a request, or a 401 token_missing. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer ([\x21-\x7e]{1,8192})$/.exec(header);
  if (!match?.[1]) throw BridgeError.of('token_missing');
  return match[1];
}
