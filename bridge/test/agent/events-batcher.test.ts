import { describe, expect, it, vi } from 'vitest';
import { EventBatcher, type SequencedEvent } from '../../src/agent/events.js';

function recorder(state = 'running') {
  const batches: SequencedEvent[][] = [];
  const stopped: string[] = [];
  const errors: unknown[] = [];
  let fail = 0;
  const batcher = new EventBatcher({
    send: async (events) => {
      if (fail > 0) {
        fail--;
        throw new Error('odoo down');
      }
      batches.push(events);
      return state;
    },
    onStopped: (s) => stopped.push(s),
    onSendError: (e) => errors.push(e),
  });
  return { batcher, batches, stopped, errors, failNext: (n: number) => (fail = n), setState: (s: string) => (state = s) };
}


describe('EventBatcher', () => {
  it('sends within 50 ms of the first event, merging adjacent text deltas', async () => {
    vi.useFakeTimers();
    try {
      const r = recorder();
      r.batcher.push({ type: 'turn.start', model: 'm' });
      r.batcher.push({ type: 'text.delta', text: 'Hel' });
      await vi.advanceTimersByTimeAsync(30);
      r.batcher.push({ type: 'text.delta', text: 'lo' });
      await vi.advanceTimersByTimeAsync(19);
      expect(r.batches).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(r.batches).toHaveLength(1);
      expect(r.batches[0]!.map(({ ts: _ts, ...e }) => e)).toEqual([
        { type: 'turn.start', model: 'm', seq: 1 },
        { type: 'text.delta', text: 'Hello', seq: 2 },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('flushes at once on demand (block boundaries) and numbers seq without gaps across batches', async () => {
    const r = recorder();
    for (let i = 0; i < 5; i++) {
      r.batcher.push({ type: 'text.delta', text: String(i) });
      r.batcher.push({ type: 'tool.start', call_id: `c${i}` });
      await r.batcher.flush();
    }
    const seqs = r.batches.flat().map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(r.batches).toHaveLength(5);
  });

  it('resends a failed batch with the same seq numbers before newer events', async () => {
    const r = recorder();
    r.failNext(1);
    r.batcher.push({ type: 'text.delta', text: 'a' });
    await r.batcher.flush();
    expect(r.errors).toHaveLength(1);
    r.batcher.push({ type: 'tool.start', call_id: 'x' });
    await r.batcher.flush();
    expect(r.batches[0]!.map((e) => [e.seq, e.type])).toEqual([
      [1, 'text.delta'],
      [2, 'tool.start'],
    ]);
  });

  it('reports once when Odoo says the turn is no longer running', async () => {
    const r = recorder();
    r.batcher.push({ type: 'turn.start' });
    await r.batcher.flush();
    r.setState('cancelled');
    r.batcher.push({ type: 'text.delta', text: 'x' });
    await r.batcher.flush();
    r.batcher.push({ type: 'text.delta', text: 'y' });
    await r.batcher.flush();
    expect(r.stopped).toEqual(['cancelled']);
  });

  it('close() delivers the final event, retrying while Odoo is unreachable', async () => {
    const r = recorder();
    r.failNext(2);
    expect(await r.batcher.close({ type: 'turn.end', status: 'done' })).toBe(true);
    expect(r.batches.flat().map((e) => e.type)).toEqual(['turn.end']);
    const gone = recorder();
    gone.failNext(10);
    expect(await gone.batcher.close({ type: 'turn.end', status: 'done' }, 2)).toBe(false);
  });

  it('splits a backlog into batches Odoo accepts, in order', async () => {
    const r = recorder();
    r.failNext(1);
    for (let i = 0; i < 1200; i++) r.batcher.push({ type: 'tool.start', call_id: `c${i}` });
    await r.batcher.flush();
    await r.batcher.flush();
    expect(r.batches.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(r.batches.flat().map((e) => e.seq)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
  });
});
