// Tokens, grants and API keys never reach a log line, however deep they sit in the fields —
// including through a whole turn with the real app.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger, redact } from '../../src/log.js';
import { startHarness, startTurn, type Harness } from '../support/harness.js';

it('redacts secret-looking fields at any depth and keeps usage counters', () => {
  const lines: string[] = [];
  const log = createLogger('debug', (line) => lines.push(line));
  log.info('x', {
    token: 'v1.secret.sig',
    headers: { authorization: 'Bearer v1.secret.sig', 'x-api-key': 'sk-ant-1' },
    nested: [{ grant: 'v1.grant' }, { api_key: 'sk-ant-2', turn_token: 'v1.t' }],
    usage: { input_tokens: 10, output_tokens: 20 },
  });
  const line = lines[0]!;
  for (const secret of ['v1.secret.sig', 'sk-ant-1', 'v1.grant', 'sk-ant-2', 'v1.t"']) expect(line).not.toContain(secret);
  expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'x', usage: { input_tokens: 10, output_tokens: 20 } });
  expect(redact(new Error('boom'))).toEqual({ name: 'Error', message: 'boom' });
});

it('honours the level and child fields', () => {
  const lines: string[] = [];
  const log = createLogger('warn', (line) => lines.push(line)).child({ turn_id: 5 });
  log.info('quiet');
  log.warn('loud');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'loud', turn_id: 5 });
});

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

it('a full turn logs neither the turn token nor the model key', async () => {
  const token = await startTurn(h, 1301, 'which customers are in Belgium?');
  await h.odoo.turnEnd(1301);
  await h.bridge.drain();
  const all = h.logs.join('\n');
  expect(all).toContain('turn finished');
  expect(all).not.toContain(token);
  expect(all).not.toContain(token.split('.')[2]!);
  expect(all).not.toContain('sk-test-scripted');
});
