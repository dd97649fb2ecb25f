// The messages to draw for one session: stored history merged with the live streams.

import type { ApprovalEntry } from "./approval_view.js";
import { finalTurnStates } from "./chat_state.js";
import type { ChatMessageView, Part, TurnState, TurnStream, WireError, WireMessage } from "./chat_types.js";
import { asError, toolFromHistory } from "./tool_view.js";

function historyView(message: WireMessage, approvals: Map<string, ApprovalEntry>): ChatMessageView {
    const parts: Part[] = [];
    if (message.text) {
        parts.push({ kind: "text", text: message.text });
    }
    for (const call of message.tool_calls ?? []) {
        const view = toolFromHistory(call, message.turn_state ?? null);
        const approval = approvals.get(call.call_id);
        if (approval) {
            // The card decided in this page stays with its chip once the answer is stored.
            view.approval = approval;
            if (approval.state === "denied" && !view.error) {
                view.error = { code: "approval_denied", message: "You declined this action." };
            }
        }
        parts.push({ kind: "tool", call: view });
    }
    return {
        key: `m${message.id}`,
        role: message.role,
        turnId: message.turn_id,
        parts,
        streaming: false,
        turnState: null,
        turnError: null,
    };
}

function streamView(stream: TurnStream): ChatMessageView {
    return {
        key: `t${stream.turnId}`,
        role: "assistant",
        turnId: stream.turnId,
        parts: stream.parts,
        streaming: stream.state === "running",
        turnState: null,
        turnError: null,
    };
}

/**
 * The messages to draw for one session: stored history, plus for each turn that history does not
 * yet hold as finished, the live stream placed after that turn's user message. The last message
 * of a failed or cancelled turn carries the turn's outcome.
 */
export function buildTimeline(
    history: WireMessage[],
    streams: Record<number, TurnStream>,
    sessionId: number | null,
): ChatMessageView[] {
    const finals = finalTurnStates(history);
    const answered = new Set(history.filter((message) => message.role === "assistant").map((message) => message.turn_id));
    // A turn Odoo failed itself (kill switch, circuit breaker) may never get a stored answer: what
    // the user saw of it, waiting cards included, stays on screen rather than vanishing. (A
    // cancelled turn does get one, from the bridge's last batch: that one replaces the stream.)
    const live = Object.values(streams).filter(
        (stream) => stream.sessionId === sessionId &&
            (!finals.has(stream.turnId) ||
                (finals.get(stream.turnId) === "failed" && !answered.has(stream.turnId) && stream.parts.length > 0)),
    );
    const liveTurns = new Set(live.map((stream) => stream.turnId));
    const approvals = approvalsOf(streams, sessionId);
    const views: ChatMessageView[] = [];
    const outcome = new Map<number, { state: TurnState; error: WireError | null }>();
    for (const message of history) {
        const liveTurn = message.turn_id !== null && liveTurns.has(message.turn_id);
        if (liveTurn && message.role === "assistant") {
            continue; // the live stream draws this turn's answer
        }
        views.push(historyView(message, approvals));
        if (message.turn_id !== null && message.turn_state) {
            outcome.set(message.turn_id, { state: message.turn_state, error: asError(message.error) });
        }
    }
    for (const stream of live.sort((a, b) => a.turnId - b.turnId)) {
        const view = streamView(stream);
        let at = -1;
        views.forEach((candidate, index) => {
            if (candidate.turnId === stream.turnId) {
                at = index;
            }
        });
        views.splice(at === -1 ? views.length : at + 1, 0, view);
        outcome.set(stream.turnId, { state: stream.state, error: stream.error });
    }
    const merged = mergeAnswers(views);
    markTurnOutcomes(merged, outcome);
    return merged;
}

/** Approval cards seen in this page, by call id (finished turns keep their streams until a reload). */
function approvalsOf(streams: Record<number, TurnStream>, sessionId: number | null): Map<string, ApprovalEntry> {
    const found = new Map<string, ApprovalEntry>();
    for (const stream of Object.values(streams)) {
        if (stream.sessionId !== sessionId) {
            continue;
        }
        for (const part of stream.parts) {
            if (part.kind === "tool" && part.call.approval) {
                found.set(part.call.callId, part.call.approval);
            }
        }
    }
    return found;
}

/** Stored history keeps one assistant message per model round; live streaming shows one bubble per
 * turn. Consecutive assistant messages of one turn are drawn as one bubble, so both look the same. */
function mergeAnswers(views: ChatMessageView[]): ChatMessageView[] {
    const merged: ChatMessageView[] = [];
    for (const view of views) {
        const previous = merged[merged.length - 1];
        if (previous && view.role === "assistant" && previous.role === "assistant" && view.turnId !== null && previous.turnId === view.turnId) {
            merged[merged.length - 1] = { ...previous, parts: [...previous.parts, ...view.parts], streaming: view.streaming };
        } else {
            merged.push(view);
        }
    }
    return merged;
}

function markTurnOutcomes(views: ChatMessageView[], outcome: Map<number, { state: TurnState; error: WireError | null }>): void {
    const lastIndex = new Map<number, number>();
    views.forEach((view, index) => {
        if (view.turnId !== null) {
            lastIndex.set(view.turnId, index);
        }
    });
    for (const [turnId, index] of lastIndex) {
        const result = outcome.get(turnId);
        const view = views[index];
        if (view && result && (result.state === "failed" || result.state === "cancelled")) {
            view.turnState = result.state;
            view.turnError = result.error;
        }
    }
}

/** The running turn of a session, from live streams first, then from what Odoo said. */
export function runningTurnOf(
    streams: Record<number, TurnStream>,
    sessionId: number | null,
): number | null {
    for (const stream of Object.values(streams)) {
        if (stream.sessionId === sessionId && stream.state === "running") {
            return stream.turnId;
        }
    }
    return null;
}
