// Turn events → Odoo, in batches (docs/wire.md §3, §4). A batch leaves at most FLUSH_MS after its
// first event, and at once at block boundaries. Sequence numbers are assigned when a batch is cut,
// so adjacent text deltas can be merged first and `seq` still has no gaps. One batch is in flight
// at a time, so Odoo receives events in order.

export const FLUSH_MS = 50;
/** Odoo refuses batches over 1000 events; a backlog (Odoo briefly down) goes in several batches. */
export const MAX_BATCH = 500;

export interface TurnEvent {
  type: string;
  [field: string]: unknown;
}

export interface SequencedEvent extends TurnEvent {
  seq: number;
  ts: number;
}

export interface EventBatcherOptions {
  /** Sends one batch; resolves with the turn's state in Odoo after it. */
  send(events: SequencedEvent[]): Promise<string>;
  /** Called once when Odoo says the turn is no longer running. */
  onStopped(state: string): void;
  onSendError(error: unknown): void;
  flushMs?: number;
  now?: () => number;
}

export class EventBatcher {
  private pending: Array<{ event: TurnEvent; ts: number }> = [];
  private nextSeq = 1;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  /** Events already numbered but not yet accepted by Odoo; resent first (same seq) after a failure. */
  private unsent: SequencedEvent[] = [];
  private stoppedReported = false;

  constructor(private readonly options: EventBatcherOptions) {}

  get sequence(): number {
    return this.nextSeq - 1;
  }

  push(event: TurnEvent): void {
    this.pending.push({ event, ts: (this.options.now ?? Date.now)() });
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.options.flushMs ?? FLUSH_MS);
  }

  /** Sends what is pending now (block boundary) and resolves when Odoo has answered. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.inFlight = this.inFlight.then(() => this.sendPending());
    return this.inFlight;
  }

  /** Final batch: pushes `event` (turn.end), sends everything, retries a few times if Odoo is unreachable. */
  async close(event: TurnEvent, attempts = 3): Promise<boolean> {
    this.push(event);
    for (let attempt = 0; attempt < attempts; attempt++) {
      await this.flush();
      if (this.unsent.length === 0 && this.pending.length === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
    return false;
  }

  private cutBatch(): SequencedEvent[] {
    const merged: Array<{ event: TurnEvent; ts: number }> = [];
    for (const item of this.pending) {
      const last = merged[merged.length - 1];
      if (last && last.event.type === 'text.delta' && item.event.type === 'text.delta') {
        last.event = { type: 'text.delta', text: String(last.event.text) + String(item.event.text) };
      } else {
        merged.push({ event: { ...item.event }, ts: item.ts });
      }
    }
    this.pending = [];
    return merged.map(({ event, ts }) => ({ ...event, seq: this.nextSeq++, ts }));
  }

  private async sendPending(): Promise<void> {
    const queue = [...this.unsent, ...this.cutBatch()];
    this.unsent = [];
    while (queue.length) {
      const batch = queue.slice(0, MAX_BATCH);
      let state: string;
      try {
        state = await this.options.send(batch);
      } catch (error) {
        this.unsent = queue;
        this.options.onSendError(error);
        return;
      }
      queue.splice(0, batch.length);
      if (state !== 'running' && !this.stoppedReported) {
        this.stoppedReported = true;
        this.options.onStopped(state);
      }
    }
  }
}
