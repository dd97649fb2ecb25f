// The live-event reducer: bus payloads (docs/wire.md §4) applied to per-turn streams with
// (turn_id, seq) de-duplication, and streams reconciled with stored history. No OWL or Odoo import,
// so every rule is unit-tested in plain Node.

import type { ParleyEventPayload, ToolCallView, TurnState, TurnStream, WireEvent, WireMessage } from "./chat_types.js";
import { ARGS_SUMMARY_MAX, argsText, asError, clip, isRecord, shortArgs } from "./tool_view.js";

export function newStream(turnId: number, sessionId: number, now: number): TurnStream {
    return { turnId, sessionId, state: "running", parts: [], error: null, seen: {}, lastEventAt: now };
}

function findTool(stream: TurnStream, callId: unknown): ToolCallView | null {
    for (const part of stream.parts) {
        if (part.kind === "tool" && part.call.callId === callId) {
            return part.call;
        }
    }
    return null;
}

function applyOne(stream: TurnStream, event: WireEvent): void {
    switch (event.type) {
        case "text.delta": {
            const text = typeof event.text === "string" ? event.text : "";
            const last = stream.parts[stream.parts.length - 1];
            if (last && last.kind === "text") {
                last.text += text;
            } else {
                stream.parts.push({ kind: "text", text });
            }
            break;
        }
        case "tool.start": {
            const summary = typeof event.summary === "string" && event.summary ? event.summary : shortArgs(event.args);
            stream.parts.push({
                kind: "tool",
                call: {
                    callId: String(event.call_id ?? ""),
                    tool: String(event.tool ?? ""),
                    argsSummary: clip(summary, ARGS_SUMMARY_MAX),
                    argsText: argsText(event.args),
                    state: "running",
                    durationMs: null,
                    resultSummary: null,
                    error: null,
                },
            });
            break;
        }
        case "tool.end": {
            const call = findTool(stream, event.call_id);
            if (call) {
                call.state = event.ok === true ? "done" : "error";
                call.durationMs = typeof event.duration_ms === "number" ? event.duration_ms : null;
                call.resultSummary = typeof event.summary === "string" ? event.summary : null;
                call.error = asError(event.error);
            }
            break;
        }
        case "turn.end": {
            const status = event.status;
            stream.state = status === "done" || status === "cancelled" ? status : "failed";
            stream.error = asError(event.error);
            for (const part of stream.parts) {
                if (part.kind === "tool" && part.call.state === "running") {
                    part.call.state = "error";
                }
            }
            break;
        }
        default:
            // turn.start, approval.request, artifact: nothing to draw yet in this issue
            break;
    }
}

/**
 * Applies one bus payload to the streams, skipping any (turn_id, seq) already seen: a client that
 * reconnects gets the last ~50 s of notifications again. Returns whether this payload ended the turn.
 */
export function applyEventBatch(
    streams: Record<number, TurnStream>,
    payload: ParleyEventPayload,
    now: number,
): { applied: number; ended: boolean } {
    if (!isRecord(payload) || typeof payload.turn_id !== "number" || !Array.isArray(payload.events)) {
        return { applied: 0, ended: false };
    }
    const stream = (streams[payload.turn_id] ??= newStream(payload.turn_id, payload.session_id, now));
    let applied = 0;
    let ended = false;
    for (const event of payload.events) {
        if (!isRecord(event) || typeof event.seq !== "number" || stream.seen[event.seq]) {
            continue;
        }
        stream.seen[event.seq] = true;
        applyOne(stream, event);
        applied += 1;
        ended ||= event.type === "turn.end";
    }
    if (applied) {
        stream.lastEventAt = now;
    }
    return { applied, ended };
}

export function finalTurnStates(history: WireMessage[]): Map<number, TurnState> {
    const states = new Map<number, TurnState>();
    for (const message of history) {
        if (message.turn_id !== null && message.turn_state && message.turn_state !== "running") {
            states.set(message.turn_id, message.turn_state);
        }
    }
    return states;
}

/** Makes a stream agree with stored history once Odoo says how its turn ended (missed turn.end). */
export function reconcileStreams(streams: Record<number, TurnStream>, history: WireMessage[], runningTurnId: number | null): void {
    const finals = finalTurnStates(history);
    for (const stream of Object.values(streams)) {
        const final = finals.get(stream.turnId);
        if (final && stream.state === "running" && stream.turnId !== runningTurnId) {
            stream.state = final;
        }
    }
}
