import { describe, expect, it } from "vitest";
import { artifactSummaries, placeArtifacts, sessionArtifacts } from "../src/artifact_parts.js";
import { applyEventBatch } from "../src/chat_state.js";
import type { ArtifactSummary, TurnStream, WireMessage } from "../src/chat_types.js";
import { loadRunningStreams, saveRunningStreams } from "../src/stream_cache.js";
import { buildTimeline } from "../src/timeline.js";

function batch(turnId: number, events: Array<Record<string, unknown>>, sessionId = 1) {
    return { session_id: sessionId, turn_id: turnId, events: events.map((e) => ({ ts: 0, ...e })) as never };
}

const chartEvents = [
    { seq: 1, type: "tool.start", call_id: "c1", tool: "mcp__odoo__render_chart", args: { type: "bar" } },
    { seq: 2, type: "artifact", artifact_id: 7, kind: "chart", title: "Monthly sales <2025>" },
    { seq: 3, type: "tool.end", call_id: "c1", ok: true, duration_ms: 12 },
];

describe("artifact events in a turn", () => {
    it("adds the chart after the chip of the call that made it, title kept as plain data", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, chartEvents), 1);
        const parts = streams[5]?.parts ?? [];
        expect(parts.map((part) => part.kind)).toEqual(["tool", "artifact"]);
        expect(parts[1]).toEqual({ kind: "artifact", artifactId: 7, artifactKind: "chart", title: "Monthly sales <2025>" });
    });

    it("draws a replayed artifact event once", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, chartEvents), 1);
        applyEventBatch(streams, batch(5, [{ seq: 9, type: "artifact", artifact_id: 7, kind: "chart", title: "again" }]), 2);
        expect(streams[5]?.parts.filter((part) => part.kind === "artifact")).toHaveLength(1);
    });

    it("ignores an artifact event without a valid id or with an unknown kind", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, [
            { seq: 1, type: "artifact", artifact_id: "7", kind: "chart", title: "t" },
            { seq: 2, type: "artifact", artifact_id: 8, kind: "script", title: "t" },
            { seq: 3, type: "artifact", artifact_id: -1, kind: "report", title: "t" },
        ]), 1);
        expect(streams[5]?.parts).toEqual([]);
    });

    it("keeps a running turn's artifact across a reload (the stream cache accepts it)", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, chartEvents), 1);
        const store = new Map<string, string>();
        const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
        saveRunningStreams(storage, streams);
        expect(loadRunningStreams(storage, 3)[5]?.parts[1]).toEqual(streams[5]?.parts[1]);
    });
});

const history: WireMessage[] = [
    { id: 1, role: "user", turn_id: 5, text: "chart our monthly sales", turn_state: "done" },
    {
        id: 2, role: "assistant", turn_id: 5, text: "", turn_state: "done",
        tool_calls: [
            { call_id: "a1", tool: "mcp__odoo__aggregate_records", ok: true },
            { call_id: "c1", tool: "mcp__odoo__render_chart", ok: true },
        ],
    },
    { id: 3, role: "assistant", turn_id: 5, text: "Here is the chart.", turn_state: "done" },
    { id: 4, role: "user", turn_id: 6, text: "summary of overdue invoices", turn_state: "done" },
    { id: 5, role: "assistant", turn_id: 6, text: "Done.", turn_state: "done" },
];

describe("stored artifacts after a reload", () => {
    const listed: ArtifactSummary[] = artifactSummaries([
        { id: 7, kind: "chart", title: "Monthly sales", turn_id: 5, call_id: "c1", create_date: "2026-01-01 00:00:00" },
        { id: 8, kind: "report", title: "Overdue", turn_id: 6, call_id: "r1", create_date: "2026-01-01 00:00:01" },
    ]);

    it("puts a chart back after its tool call's chip and a report at the end of its turn", () => {
        const views = placeArtifacts(buildTimeline(history, {}, 1), listed);
        const kinds = views.map((view) => view.parts.map((part) => (part.kind === "tool" ? part.call.callId : part.kind)));
        expect(kinds).toEqual([["text"], ["a1", "c1", "artifact", "text"], ["text"], ["text", "artifact"]]);
    });

    it("does not draw twice an artifact a live stream already shows, nor touch the stream's parts", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(5, chartEvents), 1);
        const running = history.slice(0, 1).map((message) => ({ ...message, turn_state: "running" as const }));
        const before = [...(streams[5]?.parts ?? [])];
        const views = placeArtifacts(buildTimeline(running, streams, 1), listed);
        const artifacts = views.flatMap((view) => view.parts).filter((part) => part.kind === "artifact");
        expect(artifacts.map((part) => part.kind === "artifact" && part.artifactId)).toEqual([7]);
        expect(streams[5]?.parts).toEqual(before);
    });

    it("leaves out malformed rows of the list", () => {
        expect(artifactSummaries([{ id: "x", kind: "chart" }, { id: 3, kind: "applet" }, null, { id: 4, kind: "report", title: 5 }]))
            .toEqual([{ id: 4, kind: "report", title: "", turn_id: null, call_id: null }]);
        expect(artifactSummaries({ not: "a list" })).toEqual([]);
    });
});

describe("the session's list of charts and reports", () => {
    const listed: ArtifactSummary[] = artifactSummaries([
        { id: 7, kind: "chart", title: "Monthly sales", turn_id: 5, call_id: "c1" },
        { id: 8, kind: "report", title: "Overdue <b>", turn_id: 6, call_id: "r1" },
        { id: 9, kind: "report", title: "From a turn not on screen", turn_id: 99, call_id: "r9" },
    ]);

    it("lists stored ones in conversation order, then those whose turn is not on screen, each once", () => {
        const list = sessionArtifacts(placeArtifacts(buildTimeline(history, {}, 1), listed), listed);
        expect(list.map((part) => [part.artifactId, part.artifactKind, part.title])).toEqual([
            [7, "chart", "Monthly sales"], [8, "report", "Overdue <b>"], [9, "report", "From a turn not on screen"],
        ]);
    });

    it("includes a chart a live stream has just made, before the list is reloaded", () => {
        const streams: Record<number, TurnStream> = {};
        applyEventBatch(streams, batch(7, [{ ...chartEvents[1], artifact_id: 12, title: "Live" }]), 1);
        const running: WireMessage[] = [{ id: 6, role: "user", turn_id: 7, text: "again", turn_state: "running" }];
        const list = sessionArtifacts(placeArtifacts(buildTimeline(running, streams, 1), []), []);
        expect(list).toEqual([{ kind: "artifact", artifactId: 12, artifactKind: "chart", title: "Live" }]);
    });

    it("is empty for a conversation without any", () => {
        expect(sessionArtifacts(buildTimeline(history, {}, 1), [])).toEqual([]);
    });
});
