import { describe, expect, it } from "vitest";
import { applyEventBatch } from "../src/chat_state.js";
import type { TurnStream } from "../src/chat_types.js";
import { loadRunningStreams, saveRunningStreams } from "../src/stream_cache.js";

class MemoryStorage {
    private readonly items = new Map<string, string>();
    getItem(key: string): string | null {
        return this.items.get(key) ?? null;
    }
    setItem(key: string, value: string): void {
        this.items.set(key, value);
    }
    removeItem(key: string): void {
        this.items.delete(key);
    }
}

function streamsWith(text: string, ended = false): Record<number, TurnStream> {
    const streams: Record<number, TurnStream> = {};
    const events: Array<Record<string, unknown>> = [{ seq: 1, type: "text.delta", text }, { seq: 2, type: "tool.start", call_id: "t", tool: "read_records", args: {} }];
    if (ended) {
        events.push({ seq: 3, type: "turn.end", status: "done" });
    }
    applyEventBatch(streams, { session_id: 3, turn_id: 12, events: events as never }, 1);
    return streams;
}

describe("stream cache", () => {
    it("keeps a running turn's streamed text and seen seqs across a reload", () => {
        const storage = new MemoryStorage();
        saveRunningStreams(storage, streamsWith("Hello so far"));
        const restored = loadRunningStreams(storage, 99);
        expect(restored[12]?.parts[0]).toEqual({ kind: "text", text: "Hello so far" });
        expect(restored[12]?.seen).toEqual({ 1: true, 2: true });
        expect(restored[12]?.lastEventAt).toBe(99);
        // A replayed event is still recognised as seen after the reload.
        expect(applyEventBatch(restored, { session_id: 3, turn_id: 12, events: [{ seq: 1, type: "text.delta", text: "Hello so far" }] }, 100).applied).toBe(0);
    });

    it("forgets turns that ended", () => {
        const storage = new MemoryStorage();
        saveRunningStreams(storage, streamsWith("x"));
        saveRunningStreams(storage, streamsWith("x", true));
        expect(loadRunningStreams(storage, 1)).toEqual({});
    });

    it("ignores corrupt or forged cache entries", () => {
        const storage = new MemoryStorage();
        storage.setItem("parley.running_streams.v1", "{not json");
        expect(loadRunningStreams(storage, 1)).toEqual({});
        storage.setItem("parley.running_streams.v1", JSON.stringify([{ turnId: "12", sessionId: 3, state: "running", parts: [], seen: {} }, { turnId: 13, sessionId: 3, state: "running", parts: [{ kind: "html", text: "<b>" }], seen: {} }]));
        expect(loadRunningStreams(storage, 1)).toEqual({});
        expect(loadRunningStreams(null, 1)).toEqual({});
    });
});
