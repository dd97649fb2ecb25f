import { describe, expect, it } from 'vitest';
import { TurnRegistry } from '../../src/agent/registry.js';
import { BridgeError } from '../../src/errors.js';

describe('TurnRegistry and RunningTurn', () => {
  it('reserves a turn id once and caps concurrent turns', () => {
    const registry = new TurnRegistry(2);
    const turn = registry.reserve(1, 'tok-1');
    expect(() => registry.reserve(1, 'tok-1')).toThrow(expect.objectContaining({ code: 'turn_exists', status: 409 }));
    registry.reserve(2, 'tok-2');
    expect(() => registry.reserve(3, 'tok-3')).toThrow(BridgeError);
    registry.release(turn);
    expect(registry.size).toBe(1);
    expect(registry.reserve(3, 'tok-3').id).toBe(3);
  });

  it('compares tokens exactly (different lengths included)', () => {
    const turn = new TurnRegistry(1).reserve(1, 'v1.abc.def');
    expect(turn.tokenMatches('v1.abc.def')).toBe(true);
    expect(turn.tokenMatches('v1.abc.deg')).toBe(false);
    expect(turn.tokenMatches('v1.abc.def0')).toBe(false);
    expect(turn.tokenMatches('')).toBe(false);
  });

  it('cancel aborts the signal once, keeping the first reason', () => {
    const turn = new TurnRegistry(1).reserve(1, 't');
    expect(turn.cancel('timeout')).toBe(true);
    expect(turn.cancel('user')).toBe(false);
    expect(turn.signal.aborted).toBe(true);
    expect(turn.cancelReason).toBe('timeout');
  });

  it('delivers an approval only to a waiting call, and rejects waiters on cancel', async () => {
    const turn = new TurnRegistry(1).reserve(1, 't');
    expect(turn.deliverApproval('c1', { decision: 'deny' })).toBe(false);
    const waiting = turn.waitForApproval('c1');
    expect(turn.deliverApproval('c1', { decision: 'approve', grant: 'g' })).toBe(true);
    await expect(waiting).resolves.toEqual({ decision: 'approve', grant: 'g' });
    expect(turn.deliverApproval('c1', { decision: 'approve', grant: 'g' })).toBe(false);
    const pending = turn.waitForApproval('c2');
    turn.cancel('user');
    await expect(pending).rejects.toThrow(/cancelled/);
  });

  it('cancelAll stops every running turn', () => {
    const registry = new TurnRegistry(3);
    const a = registry.reserve(1, 'a');
    const b = registry.reserve(2, 'b');
    expect(registry.cancelAll('shutdown')).toBe(2);
    expect(a.signal.aborted && b.signal.aborted).toBe(true);
  });
});
