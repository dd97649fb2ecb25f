// The turns running in this process. Nothing here outlives a turn: Odoo is the source of truth.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BridgeError } from '../errors.js';

export type CancelReason = 'user' | 'odoo' | 'timeout' | 'shutdown' | 'circuit_breaker' | 'kill';
export interface ApprovalDecision {
  decision: 'approve' | 'deny';
  grant?: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export class RunningTurn {
  readonly controller = new AbortController();
  cancelReason: CancelReason | null = null;
  private readonly tokenDigest: Buffer;
  private readonly approvals = new Map<string, (decision: ApprovalDecision) => void>();

  constructor(
    readonly id: number,
    token: string,
  ) {
    this.tokenDigest = digest(token);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Constant-time comparison with the token the turn started with. */
  tokenMatches(token: string): boolean {
    return timingSafeEqual(digest(token), this.tokenDigest);
  }

  /** Aborts the model stream and every tool call in flight; the first reason wins. */
  cancel(reason: CancelReason): boolean {
    if (this.controller.signal.aborted) return false;
    this.cancelReason = reason;
    this.controller.abort(new Error(`turn cancelled: ${reason}`));
    return true;
  }

  /** Waits for the user's decision on one call; rejects when the turn is aborted meanwhile. */
  waitForApproval(callId: string): Promise<ApprovalDecision> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.approvals.delete(callId);
        reject(this.signal.reason);
      };
      if (this.signal.aborted) return onAbort();
      this.signal.addEventListener('abort', onAbort, { once: true });
      this.approvals.set(callId, (decision) => {
        this.signal.removeEventListener('abort', onAbort);
        this.approvals.delete(callId);
        resolve(decision);
      });
    });
  }

  /** Hands a decision to the waiting call; false when no call of that id is waiting. */
  deliverApproval(callId: string, decision: ApprovalDecision): boolean {
    const waiter = this.approvals.get(callId);
    if (!waiter) return false;
    waiter(decision);
    return true;
  }
}

export class TurnRegistry {
  private readonly turns = new Map<number, RunningTurn>();

  constructor(private readonly maxTurns: number) {}

  get size(): number {
    return this.turns.size;
  }

  /** Claims the turn id before any await, so two requests for one turn cannot both start it. */
  reserve(id: number, token: string): RunningTurn {
    if (this.turns.has(id)) throw BridgeError.of('turn_exists');
    if (this.turns.size >= this.maxTurns) throw BridgeError.of('too_many_turns');
    const turn = new RunningTurn(id, token);
    this.turns.set(id, turn);
    return turn;
  }

  get(id: number): RunningTurn | undefined {
    return this.turns.get(id);
  }

  release(turn: RunningTurn): void {
    if (this.turns.get(turn.id) === turn) this.turns.delete(turn.id);
  }

  /** True when `token` is the token of a turn running here (constant time per turn). */
  anyTokenMatches(token: string): boolean {
    let found = false;
    for (const turn of this.turns.values()) if (turn.tokenMatches(token)) found = true;
    return found;
  }

  cancelAll(reason: CancelReason): number {
    let stopped = 0;
    for (const turn of this.turns.values()) if (turn.cancel(reason)) stopped++;
    return stopped;
  }
}
