import { describe, expect, it } from 'vitest';
import { BridgeError, CATALOGUE, safeError } from '../../src/errors.js';
import { allowedHostHeaders } from '../../src/http/security.js';
import { Metrics } from '../../src/metrics.js';

describe('error catalogue', () => {
  it('gives every code a status and a message without internals', () => {
    for (const [code, entry] of Object.entries(CATALOGUE)) {
      expect(code).toMatch(/^[a-z_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.message).toMatch(/\.$/);
    }
    expect(BridgeError.of('origin_refused').toSafe()).toEqual({ code: 'origin_refused', message: CATALOGUE.origin_refused.message });
    expect(BridgeError.of('host_refused').status).toBe(403);
    expect(safeError('round_cap', 'custom')).toEqual({ code: 'round_cap', message: 'custom' });
  });
});

describe('metrics', () => {
  it('renders counters with labels and gauges in Prometheus text', () => {
    const metrics = new Metrics();
    metrics.inc('parley_bridge_turns_finished_total', { status: 'done' });
    metrics.inc('parley_bridge_turns_finished_total', { status: 'done' });
    metrics.inc('parley_bridge_tool_calls_total', { tool: 'search_records', ok: 'true' });
    metrics.gauge('parley_bridge_turns_running', () => 3);
    const text = metrics.render();
    expect(text).toContain('parley_bridge_turns_finished_total{status="done"} 2');
    expect(text).toContain('parley_bridge_tool_calls_total{tool="search_records",ok="true"} 1');
    expect(text).toContain('parley_bridge_turns_running 3');
    expect(() => metrics.inc('nope')).toThrow();
  });
});

describe('allowed Host headers', () => {
  it('names exactly the bound address', () => {
    expect(allowedHostHeaders('127.0.0.1', 8765)).toEqual(['127.0.0.1:8765']);
    expect(allowedHostHeaders('::1', 8765)).toEqual(['[::1]:8765']);
  });
});
