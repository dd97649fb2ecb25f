// Pure state logic of the panel: wire shapes (docs/wire.md §4–5), the live-event reducer with
// (turn_id, seq) de-duplication, and the timeline that merges stored history with live streams.
// No OWL or Odoo import here, so every rule is unit-tested in plain Node.

export type TurnState = "running" | "done" | "failed" | "cancelled";
export type ToolState = "running" | "done" | "error";

export interface WireError {
    code: string;
    message: string;
}

export interface WireToolCall {
    call_id: string;
    tool: string;
    args?: unknown;
    ok?: boolean | null;
    summary?: string | null;
    duration_ms?: number | null;
    error?: WireError | null;
}

export interface WireMessage {
    id: number;
    role: "user" | "assistant";
    turn_id: number | null;
    text: string;
    tool_calls?: WireToolCall[];
    turn_state?: TurnState | null;
    error?: WireError | null;
}

export interface WireEvent {
    seq: number;
    type: string;
    ts?: number;
    [field: string]: unknown;
}

export interface ParleyEventPayload {
    session_id: number;
    turn_id: number;
    events: WireEvent[];
}

export interface ToolCallView {
    callId: string;
    tool: string;
    argsSummary: string;
    argsText: string;
    state: ToolState;
    durationMs: number | null;
    resultSummary: string | null;
    error: WireError | null;
}

export type Part = { kind: "text"; text: string } | { kind: "tool"; call: ToolCallView };

export interface TurnStream {
    turnId: number;
    sessionId: number;
    state: TurnState;
    parts: Part[];
    error: WireError | null;
    /** seqs already applied, as object keys (plain data so it can live in a reactive store) */
    seen: Record<number, true>;
    lastEventAt: number;
}

export interface ChatMessageView {
    key: string;
    role: "user" | "assistant";
    turnId: number | null;
    parts: Part[];
    streaming: boolean;
    /** set on the last message of a turn that did not end well */
    turnState: TurnState | null;
    turnError: WireError | null;
}

const ARGS_SUMMARY_MAX = 60;
const ARGS_TEXT_MAX = 4000;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asError(value: unknown): WireError | null {
    if (!isRecord(value)) {
        return null;
    }
    return {
        code: typeof value.code === "string" ? value.code : "error",
        message: typeof value.message === "string" ? value.message : "",
    };
}

function clip(text: string, max: number): string {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function safeJson(value: unknown, indent?: number): string {
    try {
        return JSON.stringify(value, null, indent) ?? "";
    } catch {
        return "";
    }
}

/** A one-line hint of what a tool was asked: the model name when there is one, else compact JSON. */
export function shortArgs(args: unknown): string {
    if (isRecord(args) && typeof args.model === "string") {
        return clip(args.model, ARGS_SUMMARY_MAX);
    }
    if (args === undefined || (isRecord(args) && Object.keys(args).length === 0)) {
        return "";
    }
    return clip(safeJson(args), ARGS_SUMMARY_MAX);
}

function argsText(args: unknown): string {
    return args === undefined ? "" : clip(safeJson(args, 2), ARGS_TEXT_MAX);
}

function toolFromHistory(call: WireToolCall, turnState: TurnState | null): ToolCallView {
    let state: ToolState;
    if (call.ok === true) {
        state = "done";
    } else if (call.ok === false) {
        state = "error";
    } else {
        state = turnState === "running" ? "running" : "error";
    }
    return {
        callId: call.call_id,
        tool: call.tool,
        argsSummary: shortArgs(call.args),
        argsText: argsText(call.args),
        state,
        durationMs: typeof call.duration_ms === "number" ? call.duration_ms : null,
        resultSummary: call.summary ?? null,
        error: asError(call.error),
    };
}

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

function finalTurnStates(history: WireMessage[]): Map<number, TurnState> {
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

function historyView(message: WireMessage): ChatMessageView {
    const parts: Part[] = [];
    if (message.text) {
        parts.push({ kind: "text", text: message.text });
    }
    for (const call of message.tool_calls ?? []) {
        parts.push({ kind: "tool", call: toolFromHistory(call, message.turn_state ?? null) });
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
    const live = Object.values(streams).filter(
        (stream) => stream.sessionId === sessionId && !finals.has(stream.turnId),
    );
    const liveTurns = new Set(live.map((stream) => stream.turnId));
    const views: ChatMessageView[] = [];
    const outcome = new Map<number, { state: TurnState; error: WireError | null }>();
    for (const message of history) {
        const liveTurn = message.turn_id !== null && liveTurns.has(message.turn_id);
        if (liveTurn && message.role === "assistant") {
            continue; // the live stream draws this turn's answer
        }
        views.push(historyView(message));
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
    markTurnOutcomes(views, outcome);
    return views;
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
