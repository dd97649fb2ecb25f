// Attack: DNS rebinding. A hostile name resolves to 127.0.0.1, so the browser's request reaches
// the bridge but carries `Host: evil.example:<port>`. Only the bridge's own address is accepted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jsonBody, rawRequest } from '../support/raw-http.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

const get = (host: string | null) =>
  rawRequest(h.port, `GET /healthz HTTP/1.1\n${host === null ? '' : `Host: ${host}\n`}Connection: close\n`);

it('accepts its own loopback address as Host', async () => {
  expect((await get(`127.0.0.1:${h.port}`)).status).toBe(200);
});

it.each(['evil.example', 'evil.example:PORT', 'localhost:PORT', '127.0.0.1', '127.0.0.1:1', '127.0.0.2:PORT', '[::1]:PORT'])(
  'refuses Host %s with 403 host_refused',
  async (host) => {
    const response = await get(host.replace('PORT', String(h.port)));
    expect(response.status).toBe(403);
    expect(jsonBody(response)).toMatchObject({ error: { code: 'host_refused' } });
  },
);

it('refuses a request without Host', async () => {
  const response = await rawRequest(h.port, 'GET /healthz HTTP/1.0\nConnection: close\n');
  expect([400, 403]).toContain(response.status);
});

it('refuses a turn with a foreign Host before introspecting the token', async () => {
  const before = h.odoo.requests.length;
  const body = JSON.stringify({ turn_id: 1 });
  const response = await rawRequest(
    h.port,
    `POST /v1/turns HTTP/1.1\nHost: rebind.evil.example:${h.port}\nAuthorization: Bearer v1.a.b\nContent-Type: application/json\nContent-Length: ${body.length}\nConnection: close\n`,
    body,
  );
  expect(response.status).toBe(403);
  expect(h.odoo.requests.length).toBe(before);
});
