// The live-event reducer: bus payloads (docs/wire.md §4) applied to per-turn streams with
// (turn_id, seq) de-duplication, and streams reconciled with stored history. No OWL or Odoo import,
// so every rule is unit-tested in plain Node.

import { approvalFromWire } from "./approval_view.js";
import { artifactPartFromEvent } from "./artifact_parts.js";
import type { ParleyEventPayload, ToolCallView, TurnState, TurnStream, WireError, WireEvent, WireMessage } from "./chat_types.js";
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
        case "approval.request":
            addApproval(stream, event);
            break;
        case "tool.start": {
            const summary = typeof event.summary === "string" && event.summary ? event.summary : shortArgs(event.args);
            const waiting = findTool(stream, event.call_id);
            if (waiting) {
                // An approved call: its chip (and card) already exist, it now runs.
                waiting.state = "running";
                waiting.argsSummary = clip(summary, ARGS_SUMMARY_MAX);
                waiting.argsText = argsText(event.args);
                break;
            }
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
            endStream(stream, stream.state, asError(event.error));
            break;
        }
        case "artifact": {
            // A chart or report this turn made: shown after the chip of the call that made it.
            const part = artifactPartFromEvent(event);
            if (part && !stream.parts.some((seen) => seen.kind === "artifact" && seen.artifactId === part.artifactId)) {
                stream.parts.push(part);
            }
            break;
        }
        default:
            // turn.start: nothing to draw here
            break;
    }
}

/**
 * An approval request: a chip waiting for the user, carrying its card. Odoo keeps the first request
 * of a call_id (docs/wire.md §4), so does the panel; the event's `preview` is Odoo's, the only
 * thing the card shows.
 */
export function addApproval(stream: TurnStream, raw: unknown): void {
    const entry = approvalFromWire(stream.turnId, raw);
    if (!entry || findTool(stream, entry.callId)) {
        return;
    }
    const args = isRecord(raw) ? raw.args : undefined;
    stream.parts.push({
        kind: "tool",
        call: {
            callId: entry.callId,
            tool: entry.tool,
            argsSummary: clip(shortArgs(args), ARGS_SUMMARY_MAX),
            argsText: argsText(args),
            state: stream.state === "running" ? "waiting" : "error",
            durationMs: null,
            resultSummary: null,
            error: null,
            approval: stream.state === "running" ? entry : { ...entry, state: "expired" },
        },
    });
}

/** The user declined a call: its chip says so at once (the bridge answers the model, no tool.end comes). */
export function markDeclined(stream: TurnStream, callId: string): void {
    const call = findTool(stream, callId);
    if (call && (call.state === "waiting" || call.state === "running")) {
        call.state = "error";
        call.error = { code: "approval_denied", message: "You declined this action." };
    }
}

/** A turn is over: nothing of it runs or waits any more; an undecided card can no longer be decided. */
export function endStream(stream: TurnStream, state: TurnState, error: WireError | null): void {
    stream.state = state;
    stream.error = error;
    for (const part of stream.parts) {
        if (part.kind !== "tool") {
            continue;
        }
        if (part.call.state === "running" || part.call.state === "waiting") {
            part.call.state = "error";
        }
        if (part.call.approval && part.call.approval.state === "pending") {
            part.call.approval.state = "expired";
            part.call.approval.deciding = false;
        }
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
            endStream(stream, final, stream.error);
        }
    }
}

/** History's `pending_approvals` (cards of the running turn still waiting): shown again after a reload. */
export function addPendingApprovals(stream: TurnStream, pending: unknown): void {
    for (const item of Array.isArray(pending) ? pending : []) {
        if (isRecord(item) && item.turn_id === stream.turnId) {
            addApproval(stream, item);
        }
    }
}

/**
 * `parley.turn_state` with `failed` (Odoo failed the turn itself: kill switch, circuit breaker,
 * reaper): the bridge may never send its turn.end, so the stream ends here. A cancel is left to
 * the bridge's last batch (turn.end), whose stored answer then replaces the stream as before.
 * Returns whether a stream changed.
 */
export function applyTurnState(streams: Record<number, TurnStream>, payload: unknown): boolean {
    if (!isRecord(payload) || typeof payload.turn_id !== "number") {
        return false;
    }
    const stream = streams[payload.turn_id];
    const state = payload.state;
    if (!stream || stream.state !== "running" || state !== "failed") {
        return false;
    }
    endStream(stream, "failed", asError(payload.error));
    return true;
}
