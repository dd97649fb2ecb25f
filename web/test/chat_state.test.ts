import { describe, expect, it } from "vitest";
import { applyEventBatch, newStream, reconcileStreams } from "../src/chat_state.js";
import type { TurnStream, WireMessage } from "../src/chat_types.js";
import { buildTimeline, runningTurnOf } from "../src/timeline.js";
import { shortArgs } from "../src/tool_view.js";

function batch(turnId: number, events: Array<Record<string, unknown>>, sessionId = 1) {
    return { session_id: sessionId, turn_id: turnId, events: events.map((e) => ({ ts: 0, ...e })) as never };
}

const userMessage: WireMessage = { id: 10, role: "user", turn_id: 5, text: "which customers are in Belgium?", turn_state: "running" };

describe("applyEventBatch", () => {
    it("streams text deltas into one text part", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [{ seq: 1, type: "turn.start", model: "m" }, { seq: 2, type: "text.delta", text: "Hel" }]), 1);
        applyEventBatch(streams, batch(5, [{ seq: 3, type: "text.delta", text: "lo" }]), 2);
        expect(streams[5]?.parts).toEqual([{ kind: "text", text: "Hello" }]);
        expect(streams[5]?.state).toBe("running");
        expect(streams[5]?.lastEventAt).toBe(2);
    });

    it("ignores an event replayed with the same turn and seq (bus replay after reconnect)", () => {
        const streams: Record<number, TurnStream> = {};
        const first = batch(5, [{ seq: 1, type: "text.delta", text: "A" }, { seq: 2, type: "text.delta", text: "B" }]);
        applyEventBatch(streams, first, 1);
        const again = applyEventBatch(streams, first, 2);
        applyEventBatch(streams, batch(5, [{ seq: 2, type: "text.delta", text: "B" }, { seq: 3, type: "text.delta", text: "C" }]), 3);
        expect(again.applied).toBe(0);
        expect(streams[5]?.parts).toEqual([{ kind: "text", text: "ABC" }]);
    });

    it("keeps the same seq of different turns apart", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [{ seq: 1, type: "text.delta", text: "five" }]), 1);
        applyEventBatch(streams, batch(6, [{ seq: 1, type: "text.delta", text: "six" }], 2), 1);
        expect(streams[5]?.parts).toEqual([{ kind: "text", text: "five" }]);
        expect(streams[6]?.parts).toEqual([{ kind: "text", text: "six" }]);
        expect(streams[6]?.sessionId).toBe(2);
    });

    it("shows a tool chip running, then done with its duration and summary", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [
            { seq: 1, type: "text.delta", text: "Let me look." },
            { seq: 2, type: "tool.start", call_id: "toolu_1", tool: "search_records", args: { model: "res.partner", domain: [] }, summary: "res.partner" },
        ]), 1);
        const call = () => (streams[5]?.parts[1] as { kind: "tool"; call: { state: string; durationMs: number | null; resultSummary: string | null; argsSummary: string } }).call;
        expect(call().state).toBe("running");
        expect(call().argsSummary).toBe("res.partner");
        applyEventBatch(streams, batch(5, [
            { seq: 3, type: "tool.end", call_id: "toolu_1", tool: "search_records", ok: true, duration_ms: 123, summary: "12 records", error: null },
            { seq: 4, type: "text.delta", text: "Found 12." },
        ]), 2);
        expect(call()).toMatchObject({ state: "done", durationMs: 123, resultSummary: "12 records" });
        expect(streams[5]?.parts[2]).toEqual({ kind: "text", text: "Found 12." });
    });

    it("carries an access error as the tool's error text", () => {
        const streams: Record<number, TurnStream> = {};
        const message = "You are not allowed to access 'Employee' (hr.employee) records.";
        applyEventBatch(streams, batch(5, [
            { seq: 1, type: "tool.start", call_id: "t", tool: "search_records", args: { model: "hr.employee" }, summary: "hr.employee" },
            { seq: 2, type: "tool.end", call_id: "t", tool: "search_records", ok: false, duration_ms: 9, summary: "", error: { code: "access_denied", message } },
        ]), 1);
        const part = streams[5]?.parts[0];
        expect(part?.kind === "tool" && part.call.state).toBe("error");
        expect(part?.kind === "tool" && part.call.error).toEqual({ code: "access_denied", message });
    });

    it("ends the turn with its status and marks unfinished tools as failed", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [{ seq: 1, type: "tool.start", call_id: "t", tool: "read_records", args: {} }]), 1);
        const result = applyEventBatch(streams, batch(5, [{ seq: 2, type: "turn.end", status: "cancelled", messages: [], usage: {}, error: null, rounds: 1 }]), 2);
        expect(result.ended).toBe(true);
        expect(streams[5]?.state).toBe("cancelled");
        const part = streams[5]?.parts[0];
        expect(part?.kind === "tool" && part.call.state).toBe("error");
    });

    it("treats an unknown turn.end status as failed and keeps its error", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [{ seq: 1, type: "turn.end", status: "weird", error: { code: "model_error", message: "overloaded" } }]), 1);
        expect(streams[5]?.state).toBe("failed");
        expect(streams[5]?.error).toEqual({ code: "model_error", message: "overloaded" });
    });

    it("ignores malformed payloads and events without a seq", () => {
        const streams: Record<number, TurnStream> = {};
        expect(applyEventBatch(streams, null as never, 1).applied).toBe(0);
        expect(applyEventBatch(streams, { session_id: 1, turn_id: "x", events: [] } as never, 1).applied).toBe(0);
        expect(applyEventBatch(streams, batch(5, [{ type: "text.delta", text: "no seq" }]), 1).applied).toBe(0);
        expect(streams[5]?.parts).toEqual([]);
    });
});

describe("buildTimeline", () => {
    it("draws the live stream right after its user message", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [{ seq: 1, type: "text.delta", text: "Answer" }]), 1);
        const earlier: WireMessage = { id: 1, role: "user", turn_id: 4, text: "hi", turn_state: "done" };
        const view = buildTimeline([earlier, userMessage], streams, 1);
        expect(view.map((m) => [m.role, m.turnId, m.streaming])).toEqual([["user", 4, false], ["user", 5, false], ["assistant", 5, true]]);
    });

    it("lets stored history replace the stream once the turn is finished there", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [{ seq: 1, type: "text.delta", text: "partial" }, { seq: 2, type: "turn.end", status: "done" }]), 1);
        const history: WireMessage[] = [
            { ...userMessage, turn_state: "done" },
            { id: 11, role: "assistant", turn_id: 5, text: "final answer", turn_state: "done", tool_calls: [{ call_id: "t", tool: "search_records", args: { model: "res.partner" }, ok: true, summary: "3 records", duration_ms: 40, error: null }] },
        ];
        const view = buildTimeline(history, streams, 1);
        expect(view).toHaveLength(2);
        expect(view[1]?.parts[0]).toEqual({ kind: "text", text: "final answer" });
        expect(view[1]?.parts[1]).toMatchObject({ kind: "tool", call: { state: "done", argsSummary: "res.partner", durationMs: 40, resultSummary: "3 records" } });
    });

    it("gives a stored chip the short arguments the live chip showed, not the arguments' JSON", () => {
        const stored = (args_summary?: string | null): WireMessage => ({
            id: 11, role: "assistant", turn_id: 5, text: "", turn_state: "done",
            tool_calls: [{ call_id: "t", tool: "render_chart", args: { type: "bar", title: "Sales" }, args_summary, ok: true, summary: null, duration_ms: 40, error: null }],
        });
        const chip = (message: WireMessage) => buildTimeline([message], {}, 1)[0]?.parts[0];
        expect(chip(stored("bar · Sales"))).toMatchObject({ kind: "tool", call: { argsSummary: "bar · Sales" } });
        expect(chip(stored(null))).toMatchObject({ kind: "tool", call: { argsSummary: '{"type":"bar","title":"Sales"}' } });
        expect(chip(stored("x".repeat(500)))).toMatchObject({ kind: "tool", call: { argsSummary: expect.stringMatching(/^x{1,60}…?$/) } });
    });

    it("shows a failed turn's error on its last message, even with no answer", () => {
        const failed: WireMessage = { ...userMessage, turn_state: "failed", error: { code: "bridge_unreachable", message: "The Parley bridge is not running." } };
        const view = buildTimeline([failed], {}, 1);
        expect(view[0]).toMatchObject({ role: "user", turnState: "failed", turnError: { code: "bridge_unreachable" } });
    });

    it("marks a stopped live turn as cancelled", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [{ seq: 1, type: "text.delta", text: "long" }, { seq: 2, type: "turn.end", status: "cancelled" }]), 1);
        const view = buildTimeline([userMessage], streams, 1);
        expect(view[1]).toMatchObject({ role: "assistant", streaming: false, turnState: "cancelled" });
    });

    it("never shows another session's stream", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(9, [{ seq: 1, type: "text.delta", text: "other" }], 2), 1);
        expect(buildTimeline([userMessage], streams, 1)).toHaveLength(1);
        expect(runningTurnOf(streams, 1)).toBeNull();
        expect(runningTurnOf(streams, 2)).toBe(9);
    });

    it("shows a history tool call without a result as running only while its turn runs", () => {
        const call = { call_id: "t", tool: "search_records", args: {}, ok: null, summary: null, duration_ms: null, error: null };
        const running = buildTimeline([{ id: 2, role: "assistant", turn_id: 7, text: "", turn_state: "running", tool_calls: [call] }], {}, 1);
        const ended = buildTimeline([{ id: 2, role: "assistant", turn_id: 7, text: "", turn_state: "failed", tool_calls: [call] }], {}, 1);
        expect(running[0]?.parts[0]).toMatchObject({ call: { state: "running" } });
        expect(ended[0]?.parts[0]).toMatchObject({ call: { state: "error" } });
    });
});

describe("buildTimeline merges one turn's answers", () => {
    it("draws the assistant messages of one turn as one bubble, like the live stream", () => {
        const history: WireMessage[] = [
            { ...userMessage, turn_state: "done" },
            { id: 11, role: "assistant", turn_id: 5, text: "Let me look.", turn_state: "done", tool_calls: [{ call_id: "t", tool: "search_records", args: {}, ok: true, summary: "1 record", duration_ms: 5, error: null }] },
            { id: 12, role: "assistant", turn_id: 5, text: "Found one.", turn_state: "done", tool_calls: [] },
            { id: 13, role: "user", turn_id: 6, text: "thanks", turn_state: "done" },
            { id: 14, role: "assistant", turn_id: 6, text: "You're welcome.", turn_state: "done" },
        ];
        const view = buildTimeline(history, {}, 1);
        expect(view.map((m) => [m.role, m.turnId, m.parts.length])).toEqual([["user", 5, 1], ["assistant", 5, 3], ["user", 6, 1], ["assistant", 6, 1]]);
    });
});

describe("reconcileStreams", () => {
    it("ends a stream whose turn.end was missed once history says how it ended", () => {
        const streams: Record<number, TurnStream> = { 5: newStream(5, 1, 0) };
        reconcileStreams(streams, [{ ...userMessage, turn_state: "done" }], null);
        expect(streams[5]?.state).toBe("done");
    });

    it("keeps a stream running while Odoo still reports its turn running", () => {
        const streams: Record<number, TurnStream> = { 5: newStream(5, 1, 0) };
        reconcileStreams(streams, [userMessage], 5);
        expect(streams[5]?.state).toBe("running");
        expect(runningTurnOf(streams, 1)).toBe(5);
    });
});

describe("shortArgs", () => {
    it("prefers the model name, else clipped JSON", () => {
        expect(shortArgs({ model: "res.partner", domain: [["country_id.code", "=", "BE"]] })).toBe("res.partner");
        expect(shortArgs({})).toBe("");
        expect(shortArgs({ keyword: "x".repeat(200) }).length).toBeLessThanOrEqual(60);
    });
});
