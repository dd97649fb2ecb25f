// Tool calls as chips: the one-line argument hint, the expandable argument text, and the state of a
// call read back from stored history.

import type { ToolCallView, ToolState, TurnState, WireError, WireToolCall } from "./chat_types.js";

export const ARGS_SUMMARY_MAX = 60;
const ARGS_TEXT_MAX = 4000;

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asError(value: unknown): WireError | null {
    if (!isRecord(value)) {
        return null;
    }
    return {
        code: typeof value.code === "string" ? value.code : "error",
        message: typeof value.message === "string" ? value.message : "",
    };
}

export function clip(text: string, max: number): string {
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

export function argsText(args: unknown): string {
    return args === undefined ? "" : clip(safeJson(args, 2), ARGS_TEXT_MAX);
}

export function toolFromHistory(call: WireToolCall, turnState: TurnState | null): ToolCallView {
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
        argsSummary: typeof call.args_summary === "string" && call.args_summary
            ? clip(call.args_summary, ARGS_SUMMARY_MAX)
            : shortArgs(call.args),
        argsText: argsText(call.args),
        state,
        durationMs: typeof call.duration_ms === "number" ? call.duration_ms : null,
        resultSummary: call.summary ?? null,
        error: asError(call.error),
    };
}
