// The shapes the panel works with: what Odoo sends (docs/wire.md §4–5) and what the components draw.

import type { ApprovalEntry } from "./approval_view.js";
import type { PanelError } from "./panel_errors.js";
import type { RecordContext } from "./record_context.js";

export type TurnState = "running" | "done" | "failed" | "cancelled";
/** "waiting": an approval card asks the user before the call runs (issue 4). */
export type ToolState = "waiting" | "running" | "done" | "error";

export interface WireError {
    code: string;
    message: string;
}

export interface WireToolCall {
    call_id: string;
    tool: string;
    args?: unknown;
    /** The bridge's short form of the arguments (tool.start's summary), as the live chip showed it. */
    args_summary?: string | null;
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
    /** the approval card of this call, when it needed one */
    approval?: ApprovalEntry | null;
}

export type ArtifactKind = "chart" | "report";

/** A chart or report made in a turn (the `artifact` event, or `/parley/artifacts/list` after a reload). */
export interface ArtifactPart {
    kind: "artifact";
    artifactId: number;
    artifactKind: ArtifactKind;
    title: string;
}

export type Part = { kind: "text"; text: string } | { kind: "tool"; call: ToolCallView } | ArtifactPart;

/** One row of `/parley/artifacts/list` (docs/wire.md §5). */
export interface ArtifactSummary {
    id: number;
    kind: ArtifactKind;
    title: string;
    turn_id: number | null;
    call_id: string | null;
    create_date?: string;
}

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

export interface SessionSummary {
    id: number;
    name: string;
    write_date?: string;
    running_turn_id: number | null;
}

export interface ChatState {
    open: boolean;
    showSessions: boolean;
    /** the current session's list of charts and reports is shown over the conversation */
    showArtifacts: boolean;
    error: PanelError | null;
    sessions: SessionSummary[];
    sessionsLoaded: boolean;
    currentSessionId: number | null;
    history: WireMessage[];
    streams: Record<number, TurnStream>;
    loadingHistory: boolean;
    sending: boolean;
    draft: string;
    context: RecordContext | null;
    /** bumped to ask the composer to take focus */
    focusRequest: number;
    /** the current session's charts and reports, from `/parley/artifacts/list` */
    artifacts: ArtifactSummary[];
    /** the artifact shown in the side viewer beside the chat */
    openArtifactId: number | null;
}

export interface SendResult {
    session_id: number;
    turn_id: number;
    message_id: number;
    error?: WireError | null;
}

export interface HistoryResult {
    session: { id: number; name: string };
    messages: WireMessage[];
    running_turn_id: number | null;
    pending_approvals?: unknown[];
}
