// The HTTP client to Odoo: Bearer token, database header, timeouts, and never a redirect followed.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient, tokenDatabase } from '../../src/mcp/odoo-client.js';
import { makeToken } from '../support/odoo-stand-in.js';

type Reply = (req: IncomingMessage) => { status: number; body: string; headers?: Record<string, string> } | null;
let reply: Reply = () => ({ status: 200, body: '{"ok":true,"data":{}}' });
const seen: IncomingMessage[] = [];
let redirectTargetHits = 0;
let server: Server;
let target: Server;
let url = '';
let targetUrl = '';

async function listen(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    req.on('end', () => {
      const answer = reply(req);
      if (!answer) return; // never answers: timeout tests
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  target = createServer((_req, res) => {
    redirectTargetHits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true,"data":{"state":"running"}}');
  });
  url = await listen(server);
  targetUrl = await listen(target);
});
afterAll(() => {
  server.closeAllConnections();
  target.closeAllConnections();
  server.close();
  target.close();
});

const token = makeToken({ uid: 2, sid: 3, tid: 4, db: 'hb_db' });
const client = (timeoutMs = 2000) => new OdooClient({ baseUrl: url, token, timeoutMs });

describe('OdooClient', () => {
  it('sends the Bearer token, the database header and no Origin', async () => {
    reply = () => ({ status: 200, body: '{"ok":true,"data":{"state":"running"}}' });
    expect(await client().postEvents(4, [{ seq: 1 }])).toBe('running');
    const req = seen.at(-1)!;
    expect(req.url).toBe('/parley/bridge/events');
    expect(req.headers.authorization).toBe(`Bearer ${token}`);
    expect(req.headers['x-odoo-database']).toBe('hb_db');
    expect(req.headers.origin).toBeUndefined();
  });

  it('never follows a redirect (e.g. to a login page or another host)', async () => {
    reply = () => ({ status: 302, body: '', headers: { location: `${targetUrl}/parley/bridge/events` } });
    const outcome = await client().callTool('search_records', { turn_id: 4, call_id: 'c', args: {} });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'odoo_bad_response' } });
    await expect(client().postEvents(4, [])).rejects.toMatchObject({ code: 'odoo_bad_response' });
    expect(redirectTargetHits).toBe(0);
  });

  it('turns a slow Odoo into a tool_timeout result', async () => {
    reply = () => null;
    const started = Date.now();
    const outcome = await client(200).callTool('search_records', { turn_id: 4, call_id: 'c', args: {} });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'tool_timeout' } });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a cancel as cancelled, not as a timeout', async () => {
    reply = () => null;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const outcome = await client().callTool('search_records', { turn_id: 4, call_id: 'c', args: {} }, { signal: controller.signal });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('passes tool-level errors through as data and refuses bodies outside the envelope', async () => {
    reply = () => ({ status: 200, body: '{"ok":false,"error":{"code":"access_denied","message":"No access."}}' });
    expect(await client().callTool('read_records', { turn_id: 4, call_id: 'c', args: {} })).toEqual({
      ok: false,
      error: { code: 'access_denied', message: 'No access.' },
    });
    reply = () => ({ status: 500, body: '<html>Traceback (most recent call last)</html>' });
    const outcome = await client().callTool('read_records', { turn_id: 4, call_id: 'c', args: {} });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'odoo_bad_response' } });
    expect(JSON.stringify(outcome)).not.toContain('Traceback');
  });

  it('reports an unreachable Odoo', async () => {
    const dead = new OdooClient({ baseUrl: 'http://127.0.0.1:1', token, timeoutMs: 1000 });
    expect(await dead.callTool('x', { turn_id: 1, call_id: 'c', args: {} })).toMatchObject({ ok: false, error: { code: 'odoo_unreachable' } });
  });

  it('introspect relays token refusals with status 401 and validates the identity', async () => {
    reply = () => ({ status: 401, body: '{"ok":false,"error":{"code":"token_expired","message":"The turn token has expired."}}' });
    await expect(client().introspect()).rejects.toMatchObject({ code: 'token_expired', status: 401 });
    reply = () => ({ status: 200, body: '{"ok":true,"data":{"uid":"2"}}' });
    await expect(client().introspect()).rejects.toMatchObject({ code: 'odoo_bad_response' });
  });

  it('treats turn_not_running on an events batch as a stopped turn', async () => {
    reply = () => ({ status: 401, body: '{"ok":false,"error":{"code":"turn_not_running","message":"no"}}' });
    expect(await client().postEvents(4, [])).toBe('stopped');
  });
});

it('tokenDatabase reads only a well-formed db claim', () => {
  expect(tokenDatabase(token)).toBe('hb_db');
  expect(tokenDatabase('garbage')).toBeNull();
  const evil = `v1.${Buffer.from(JSON.stringify({ db: 'x\r\nInjected: 1' })).toString('base64url')}.s`;
  expect(tokenDatabase(evil)).toBeNull();
});
