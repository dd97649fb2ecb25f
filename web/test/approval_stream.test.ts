// Approval requests in the live stream and after a reload (docs/wire.md §4, §5 history).
import { describe, expect, it } from "vitest";
import { addPendingApprovals, applyEventBatch, applyTurnState, markDeclined, newStream } from "../src/chat_state.js";
import type { ToolCallView, TurnStream, WireMessage } from "../src/chat_types.js";
import { buildTimeline } from "../src/timeline.js";

const preview = { tool: "update_records", model: "res.partner", model_label: "Contact",
    records: [{ id: 7, name: "Azure", changes: [{ field: "name", label: "Name", type: "char", old: "Azure", new: "Azure SA" }] }] };

function request(seq: number, callId: string, extra: Record<string, unknown> = {}) {
    return { seq, type: "approval.request", ts: 0, call_id: callId, tool: "update_records",
        args: { model: "res.partner", ids: [7], values: { name: "Azure SA" } }, preview, ...extra };
}

function calls(stream: TurnStream | undefined): ToolCallView[] {
    return (stream?.parts ?? []).flatMap((part) => (part.kind === "tool" ? [part.call] : []));
}

describe("approval requests in the stream", () => {
    it("shows one waiting chip with its card per call, and keeps the first request of a call id", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [request(1, "a"), request(2, "b"),
            request(3, "a", { preview: { tool: "update_records", error: { code: "x", message: "y" } } })] as never }, 1);
        const [a, b, ...rest] = calls(streams[5]);
        expect(rest).toEqual([]);
        expect([a?.state, a?.approval?.state, a?.approval?.preview]).toEqual(["waiting", "pending", preview]);
        expect(b?.approval?.callId).toBe("b");
    });

    it("runs an approved call in its own chip (tool.start does not add a second one)", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [request(1, "a"),
            { seq: 2, type: "tool.start", call_id: "a", tool: "update_records", args: {}, summary: "res.partner" },
            { seq: 3, type: "tool.end", call_id: "a", tool: "update_records", ok: true, duration_ms: 9, summary: "1 record updated" }] as never }, 1);
        const all = calls(streams[5]);
        expect(all).toHaveLength(1);
        expect([all[0]?.state, all[0]?.resultSummary, all[0]?.approval?.callId]).toEqual(["done", "1 record updated", "a"]);
    });

    it("marks a declined call at once and expires undecided cards when the turn ends", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [request(1, "a"), request(2, "b")] as never }, 1);
        markDeclined(streams[5]!, "a");
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [{ seq: 3, type: "turn.end", status: "done", error: null }] as never }, 2);
        const [a, b] = calls(streams[5]);
        expect([a?.state, a?.error?.code]).toEqual(["error", "approval_denied"]);
        expect([b?.state, b?.approval?.state]).toEqual(["error", "expired"]);
    });

    it("shows the running turn's pending approvals again after a reload, once each", () => {
        const stream = newStream(5, 1, 0);
        const pending = [{ turn_id: 5, call_id: "a", tool: "update_records", args: {}, preview },
            { turn_id: 4, call_id: "other-turn", tool: "update_records", args: {}, preview }, "junk"];
        addPendingApprovals(stream, pending);
        addPendingApprovals(stream, pending);
        expect(calls(stream).map((call) => [call.callId, call.state])).toEqual([["a", "waiting"]]);
    });

    it("ends the turn with the kill switch's error when Odoo says so (parley.turn_state)", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [request(1, "a")] as never }, 1);
        const error = { code: "kill_switch", message: "Parley has been stopped by an administrator." };
        expect(applyTurnState(streams, { session_id: 1, turn_id: 5, state: "failed", error })).toBe(true);
        expect([streams[5]?.state, streams[5]?.error]).toEqual(["failed", error]);
        expect(calls(streams[5])[0]?.approval?.state).toBe("expired");
        expect(applyTurnState(streams, { session_id: 1, turn_id: 5, state: "failed", error })).toBe(false);
        expect(applyTurnState(streams, { turn_id: 99, state: "failed" })).toBe(false);
    });

    it("keeps a decided card with its chip once the stored answer replaces the stream", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [request(1, "a")] as never }, 1);
        markDeclined(streams[5]!, "a");
        calls(streams[5])[0]!.approval!.state = "denied";
        const history: WireMessage[] = [
            { id: 1, role: "user", turn_id: 5, text: "rename", turn_state: "done" },
            { id: 2, role: "assistant", turn_id: 5, text: "", turn_state: "done",
                tool_calls: [{ call_id: "a", tool: "update_records", args: {}, ok: false, error: null }] },
        ];
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [{ seq: 2, type: "turn.end", status: "done", error: null }] as never }, 2);
        const views = buildTimeline(history, streams, 1);
        const chip = views[1]?.parts[0];
        expect(chip?.kind === "tool" && [chip.call.approval?.state, chip.call.error?.code]).toEqual(["denied", "approval_denied"]);
    });
});

describe("a turn Odoo stopped without a stored answer", () => {
    it("keeps what was streamed, its expired card and the reason on screen", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [
            { seq: 1, type: "text.delta", text: "I will rename it." }, request(2, "a")] as never }, 1);
        const error = { code: "kill_switch", message: "Parley has been stopped by an administrator." };
        applyTurnState(streams, { session_id: 1, turn_id: 5, state: "failed", error });
        const history: WireMessage[] = [{ id: 1, role: "user", turn_id: 5, text: "rename", turn_state: "failed", error }];
        const views = buildTimeline(history, streams, 1);
        expect(views.map((view) => view.role)).toEqual(["user", "assistant"]);
        expect(views[1]?.parts[0]).toEqual({ kind: "text", text: "I will rename it." });
        const chip = views[1]?.parts[1];
        expect(chip?.kind === "tool" && chip.call.approval?.state).toBe("expired");
        expect([views[1]?.turnState, views[1]?.turnError?.code, views[1]?.streaming]).toEqual(["failed", "kill_switch", false]);
    });
});

describe("a turn the user cancelled", () => {
    it("is drawn from stored history once Odoo has it, not from what was streamed", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [{ seq: 1, type: "text.delta", text: "This is" }] as never }, 1);
        expect(applyTurnState(streams, { session_id: 1, turn_id: 5, state: "cancelled", error: null })).toBe(false);
        applyEventBatch(streams, { session_id: 1, turn_id: 5, events: [{ seq: 2, type: "turn.end", status: "cancelled", error: null }] as never }, 2);
        const history: WireMessage[] = [{ id: 1, role: "user", turn_id: 5, text: "long", turn_state: "cancelled" }];
        expect(buildTimeline(history, streams, 1).map((view) => view.role)).toEqual(["user"]);
    });
});
